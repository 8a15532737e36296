namespace Fabric.Broker.Buffers;

/// <summary>
/// The rule by which queues and connections give back what a burst left behind: storage of more than
/// <see cref="Small"/> slots that is at least four times larger than what it holds shrinks to twice its count (to
/// nothing when empty). Applied on the idle sweep (<see cref="TrimBuffers"/>), never per message, so a steady flow
/// does not reallocate.
/// </summary>
internal static class SpareCapacity
{
    public const int Small = 64;

    public static bool IsExcess(int capacity, int count) => capacity > Small && count <= capacity / 4;

    /// <summary>The capacity an excess storage shrinks to.</summary>
    public static int Kept(int count) => count == 0 ? 0 : Math.Max(Small, count * 2);

    public static void Trim<T>(List<T> list)
    {
        if (IsExcess(list.Capacity, list.Count)) list.Capacity = Kept(list.Count);
    }

    public static void Trim<TKey, TValue>(Dictionary<TKey, TValue> map)
        where TKey : notnull
    {
        if (IsExcess(map.Capacity, map.Count)) map.TrimExcess(Kept(map.Count));
    }
}
