using System.Numerics;
using System.Runtime.CompilerServices;
using static Fabric.Broker.Routing.WordMapNodes;

namespace Fabric.Broker.Routing;

/// <summary>
/// An immutable string-keyed map with span lookups: a hash array mapped trie (32-way branches indexed by 5 bits of
/// the key's hash, a bitmap saying which slots are present). Adding or removing copies only the path to the key
/// (at most seven small arrays), so a change costs the same at ten keys or a million, and older versions stay
/// valid for readers on other threads.
/// </summary>
internal sealed class WordMap<T> where T : class
{
    private const int Bits = 5;
    private const int MaxShift = 30; // the last level uses the hash's top two bits

    public static readonly WordMap<T> Empty = new(Branch.Empty, 0, uint.MaxValue);

    private readonly Branch _root;
    private readonly uint _hashMask;

    private WordMap(Branch root, int count, uint hashMask)
    {
        _root = root;
        Count = count;
        _hashMask = hashMask;
    }

    public int Count { get; }

    /// <summary>An empty map whose keys keep only <paramref name="hashMask"/>'s bits of their hash (tests: collisions).</summary>
    internal static WordMap<T> EmptyWithHashMask(uint hashMask) => new(Branch.Empty, 0, hashMask);

    public bool TryGetValue(ReadOnlySpan<char> key, out T value)
    {
        var hash = Hash(key);
        object node = _root;
        var shift = 0;
        while (true)
        {
            switch (node)
            {
                case Branch branch:
                    var bit = 1u << (int)((hash >> shift) & 31);
                    if ((branch.Bitmap & bit) == 0) break;
                    node = branch.Slots[BitOperations.PopCount(branch.Bitmap & (bit - 1))];
                    shift += Bits;
                    continue;
                case Leaf leaf:
                    if (leaf.Hash == hash && key.SequenceEqual(leaf.Key))
                    {
                        value = Unsafe.As<T>(leaf.Value);
                        return true;
                    }
                    break;
                case Collision collision:
                    if (collision.Hash != hash) break;
                    foreach (var candidate in collision.Leaves)
                    {
                        if (key.SequenceEqual(candidate.Key))
                        {
                            value = Unsafe.As<T>(candidate.Value);
                            return true;
                        }
                    }
                    break;
            }
            value = null!;
            return false;
        }
    }

    public T? GetValueOrDefault(ReadOnlySpan<char> key) => TryGetValue(key, out var value) ? value : null;

    public IEnumerable<KeyValuePair<string, T>> Entries
    {
        get
        {
            var all = new List<KeyValuePair<string, T>>(Count);
            Collect(_root, all);
            return all;
        }
    }

    /// <summary>A map with key set to value (added or replaced).</summary>
    public WordMap<T> SetItem(string key, T value)
    {
        var leaf = new Leaf(key, value, Hash(key));
        var root = (Branch)Insert(_root, 0, leaf, out var added);
        return new WordMap<T>(root, added ? Count + 1 : Count, _hashMask);
    }

    public WordMap<T> Remove(string key)
    {
        var root = Delete(_root, 0, key, Hash(key), isRoot: true, out var removed);
        if (!removed) return this;
        return Count == 1 ? new WordMap<T>(Branch.Empty, 0, _hashMask) : new WordMap<T>((Branch)root!, Count - 1, _hashMask);
    }

    private uint Hash(ReadOnlySpan<char> key) => (uint)string.GetHashCode(key) & _hashMask;

    private static object Insert(object node, int shift, Leaf leaf, out bool added)
    {
        switch (node)
        {
            case Branch branch:
            {
                var bit = 1u << (int)((leaf.Hash >> shift) & 31);
                var index = BitOperations.PopCount(branch.Bitmap & (bit - 1));
                if ((branch.Bitmap & bit) == 0)
                {
                    added = true;
                    return branch.With(bit, index, leaf);
                }
                return branch.Replace(index, Insert(branch.Slots[index], shift + Bits, leaf, out added));
            }
            case Leaf existing when existing.Hash == leaf.Hash:
                if (existing.Key == leaf.Key)
                {
                    added = false;
                    return leaf;
                }
                added = true;
                return new Collision(leaf.Hash, [existing, leaf]);
            case Collision collision when collision.Hash == leaf.Hash:
                return collision.With(leaf, out added);
            default:
                // A leaf or collision with another hash sits where the new key's path goes on: split the level.
                added = true;
                return Split(node, HashOf(node), leaf, shift);
        }
    }

    private static Branch Split(object existing, uint existingHash, Leaf leaf, int shift)
    {
        var a = (existingHash >> shift) & 31;
        var b = (leaf.Hash >> shift) & 31;
        if (a == b) return new Branch(1u << (int)a, [Split(existing, existingHash, leaf, shift + Bits)]);
        // Different hashes always differ by the last level (MaxShift), so the recursion above ends.
        return a < b
            ? new Branch((1u << (int)a) | (1u << (int)b), [existing, leaf])
            : new Branch((1u << (int)a) | (1u << (int)b), [leaf, existing]);
    }

    /// <summary>The node without the key; null when nothing is left; a branch holding one leaf or collision (not the
    /// root) gives way to that entry, which keeps paths short after removals.</summary>
    private static object? Delete(object node, int shift, string key, uint hash, bool isRoot, out bool removed)
    {
        switch (node)
        {
            case Branch branch:
            {
                var bit = 1u << (int)((hash >> shift) & 31);
                if ((branch.Bitmap & bit) == 0 || shift > MaxShift)
                {
                    removed = false;
                    return branch;
                }
                var index = BitOperations.PopCount(branch.Bitmap & (bit - 1));
                var child = Delete(branch.Slots[index], shift + Bits, key, hash, isRoot: false, out removed);
                if (!removed) return branch;
                var next = child is null ? branch.Without(bit, index) : branch.Replace(index, child);
                if (next.Slots.Length == 0) return isRoot ? Branch.Empty : null;
                if (!isRoot && next.Slots.Length == 1 && next.Slots[0] is not Branch) return next.Slots[0];
                return next;
            }
            case Leaf leaf:
                removed = leaf.Hash == hash && leaf.Key == key;
                return removed ? null : leaf;
            case Collision collision:
                return collision.Without(key, hash, out removed);
            default:
                throw new InvalidOperationException("unknown node");
        }
    }

    private static uint HashOf(object node) => node is Leaf leaf ? leaf.Hash : ((Collision)node).Hash;

    private static void Collect(object node, List<KeyValuePair<string, T>> into)
    {
        switch (node)
        {
            case Branch branch:
                foreach (var slot in branch.Slots) Collect(slot, into);
                break;
            case Leaf leaf:
                into.Add(new KeyValuePair<string, T>(leaf.Key, Unsafe.As<T>(leaf.Value)));
                break;
            case Collision collision:
                foreach (var entry in collision.Leaves) into.Add(new KeyValuePair<string, T>(entry.Key, Unsafe.As<T>(entry.Value)));
                break;
        }
    }
}
