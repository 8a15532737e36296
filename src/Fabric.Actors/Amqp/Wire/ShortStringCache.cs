using System.Text;

namespace Fabric.Amqp.Wire;

/// <summary>
/// Interns decoded short strings (exchange names, routing keys, consumer tags) so that a connection decoding the
/// same names over and over does not allocate a string per method. A direct-mapped table: a miss replaces the slot.
/// Not thread-safe: use one per connection.
/// </summary>
public sealed class ShortStringCache
{
    private readonly Entry[] _entries;
    private readonly int _mask;

    /// <param name="capacity">Number of slots, rounded up to a power of two.</param>
    public ShortStringCache(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _entries = new Entry[size];
        _mask = size - 1;
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var entry = ref _entries[hash.ToHashCode() & _mask];
        if (entry.Utf8 is not null && utf8.SequenceEqual(entry.Utf8))
        {
            return entry.Value!;
        }

        string value = Encoding.UTF8.GetString(utf8);
        entry = new Entry(utf8.ToArray(), value);
        return value;
    }

    private readonly record struct Entry(byte[]? Utf8, string? Value);
}
