namespace Fabric.Broker.Routing;

/// <summary>
/// An immutable string-keyed map with span lookups, cheap to copy-on-write at any size: keys are spread over
/// shards by hash, so adding or removing copies one small shard plus the shard array, not the whole map.
/// </summary>
internal sealed class WordMap<T> where T : class
{
    private const int MaxPerShard = 128;
    private const int GrowthFactor = 16;

    public static readonly WordMap<T> Empty = new([new Dictionary<string, T>(0, StringComparer.Ordinal)], 0);

    private readonly Dictionary<string, T>[] _shards;
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>>[] _lookups;
    private readonly int _shift;

    private WordMap(Dictionary<string, T>[] shards, int count)
        : this(shards, new Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>>[shards.Length], count)
    {
        for (var i = 0; i < shards.Length; i++) _lookups[i] = shards[i].GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private WordMap(Dictionary<string, T>[] shards, Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>>[] lookups, int count)
    {
        _shards = shards;
        _lookups = lookups;
        Count = count;
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)shards.Length);
    }

    public int Count { get; }

    public bool TryGetValue(ReadOnlySpan<char> key, out T value) =>
        _lookups[ShardOf(key)].TryGetValue(key, out value!);

    public T? GetValueOrDefault(ReadOnlySpan<char> key) => TryGetValue(key, out var value) ? value : null;

    public IEnumerable<KeyValuePair<string, T>> Entries
    {
        get
        {
            foreach (var shard in _shards)
            {
                foreach (var pair in shard) yield return pair;
            }
        }
    }

    /// <summary>A map with key set to value (added or replaced).</summary>
    public WordMap<T> SetItem(string key, T value)
    {
        var index = ShardOf(key);
        var old = _shards[index];
        var count = old.ContainsKey(key) ? Count : Count + 1;
        if (count > _shards.Length * MaxPerShard) return Reshard(_shards.Length * GrowthFactor).SetItem(key, value);
        var copy = new Dictionary<string, T>(old, StringComparer.Ordinal) { [key] = value };
        return WithShard(index, copy, count);
    }

    public WordMap<T> Remove(string key)
    {
        var index = ShardOf(key);
        var old = _shards[index];
        if (!old.ContainsKey(key)) return this;
        if (Count == 1) return Empty;
        var copy = new Dictionary<string, T>(old, StringComparer.Ordinal);
        copy.Remove(key);
        return WithShard(index, copy, Count - 1);
    }

    private WordMap<T> WithShard(int index, Dictionary<string, T> shard, int count)
    {
        var shards = (Dictionary<string, T>[])_shards.Clone();
        var lookups = (Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>>[])_lookups.Clone();
        shards[index] = shard;
        lookups[index] = shard.GetAlternateLookup<ReadOnlySpan<char>>();
        return new WordMap<T>(shards, lookups, count);
    }

    private WordMap<T> Reshard(int shardCount)
    {
        var shards = new Dictionary<string, T>[shardCount];
        for (var i = 0; i < shardCount; i++) shards[i] = new Dictionary<string, T>(StringComparer.Ordinal);
        var shift = 32 - System.Numerics.BitOperations.Log2((uint)shardCount);
        foreach (var shard in _shards)
        {
            foreach (var pair in shard) shards[Shard(pair.Key, shift)][pair.Key] = pair.Value;
        }
        return new WordMap<T>(shards, Count);
    }

    private int ShardOf(ReadOnlySpan<char> key) => _shards.Length == 1 ? 0 : Shard(key, _shift);

    // High bits of the hash pick the shard; the dictionaries inside use the hash modulo a prime.
    private static int Shard(ReadOnlySpan<char> key, int shift) => (int)((uint)string.GetHashCode(key) >> shift);
}
