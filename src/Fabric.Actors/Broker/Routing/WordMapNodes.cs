namespace Fabric.Broker.Routing;

/// <summary>
/// The nodes of <see cref="WordMap{T}"/>'s trie. Not generic: values are held as objects and cast once found, so the
/// lookup's type tests are plain class checks even in code shared by every reference type.
/// </summary>
internal static class WordMapNodes
{
    internal sealed class Leaf(string key, object value, uint hash)
    {
        public string Key { get; } = key;

        public object Value { get; } = value;

        public uint Hash { get; } = hash;
    }

    /// <summary>Keys whose (masked) hashes are equal in full.</summary>
    internal sealed class Collision(uint hash, Leaf[] leaves)
    {
        public uint Hash { get; } = hash;

        public Leaf[] Leaves { get; } = leaves;

        public Collision With(Leaf leaf, out bool added)
        {
            for (var i = 0; i < Leaves.Length; i++)
            {
                if (Leaves[i].Key != leaf.Key) continue;
                var replaced = (Leaf[])Leaves.Clone();
                replaced[i] = leaf;
                added = false;
                return new Collision(Hash, replaced);
            }
            added = true;
            return new Collision(Hash, [.. Leaves, leaf]);
        }

        public object? Without(string key, uint hash, out bool removed)
        {
            var index = -1;
            for (var i = 0; hash == Hash && i < Leaves.Length && index < 0; i++)
            {
                if (Leaves[i].Key == key) index = i;
            }
            removed = index >= 0;
            if (!removed) return this;
            if (Leaves.Length == 2) return Leaves[1 - index];
            var rest = new Leaf[Leaves.Length - 1];
            Array.Copy(Leaves, rest, index);
            Array.Copy(Leaves, index + 1, rest, index, rest.Length - index);
            return new Collision(Hash, rest);
        }
    }

    /// <summary>Up to 32 slots, present where the bitmap has a bit, stored densely in bit order.</summary>
    internal sealed class Branch(uint bitmap, object[] slots)
    {
        public static readonly Branch Empty = new(0, []);

        public uint Bitmap { get; } = bitmap;

        public object[] Slots { get; } = slots;

        public Branch With(uint bit, int index, object slot)
        {
            var slots = new object[Slots.Length + 1];
            Array.Copy(Slots, slots, index);
            slots[index] = slot;
            Array.Copy(Slots, index, slots, index + 1, Slots.Length - index);
            return new Branch(Bitmap | bit, slots);
        }

        public Branch Replace(int index, object slot)
        {
            if (ReferenceEquals(Slots[index], slot)) return this;
            var slots = (object[])Slots.Clone();
            slots[index] = slot;
            return new Branch(Bitmap, slots);
        }

        public Branch Without(uint bit, int index)
        {
            var slots = new object[Slots.Length - 1];
            Array.Copy(Slots, slots, index);
            Array.Copy(Slots, index + 1, slots, index, slots.Length - index);
            return new Branch(Bitmap & ~bit, slots);
        }
    }
}
