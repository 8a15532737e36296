using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Fabric.Amqp.Tables;

/// <summary>
/// An AMQP field table: an ordered, immutable map from short-string keys to values.
/// Value types: null (V), bool (t), sbyte (b), byte (B), short (s), ushort (u), int (I), uint (i), long (l),
/// float (f), double (d), <see cref="AmqpDecimal"/> (D), <c>byte[]</c> (S, long string, UTF-8 when text),
/// <see cref="AmqpBinary"/> (x), <see cref="AmqpTimestamp"/> (T), <see cref="FieldTable"/> (F),
/// <c>object?[]</c> as <see cref="IReadOnlyList{T}"/> (A).
/// Entries keep wire order; a duplicate key on the wire is kept (so re-encoding is exact) and lookups see the first.
/// </summary>
public sealed class FieldTable : IReadOnlyDictionary<string, object?>
{
    private const int IndexThreshold = 12;

    public static readonly FieldTable Empty = new([]);

    private readonly KeyValuePair<string, object?>[] _entries;
    private Dictionary<string, int>? _index;
    private int _encodedSize = -1;

    internal FieldTable(KeyValuePair<string, object?>[] entries) => _entries = entries;

    public int Count => _entries.Length;

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys
    {
        get
        {
            var keys = new string[_entries.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = _entries[i].Key;
            }

            return keys;
        }
    }

    public IEnumerable<object?> Values
    {
        get
        {
            var values = new object?[_entries.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = _entries[i].Value;
            }

            return values;
        }
    }

    /// <summary>Entries in wire order.</summary>
    public ReadOnlySpan<KeyValuePair<string, object?>> Entries => _entries;

    /// <summary>Exact encoded size of the entries (without the 4-byte length prefix).</summary>
    public int EncodedSize
    {
        get
        {
            int size = _encodedSize;
            if (size < 0)
            {
                size = FieldTableCodec.EntriesSize(this);
                _encodedSize = size;
            }

            return size;
        }
    }

    public static FieldTableBuilder CreateBuilder() => new();

    /// <summary>A builder holding this table's entries, to derive a modified table.</summary>
    public FieldTableBuilder ToBuilder() => new(_entries);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out object? value)
    {
        int i = IndexOf(key);
        if (i < 0)
        {
            value = null;
            return false;
        }

        value = _entries[i].Value;
        return true;
    }

    /// <summary>A text value: long strings ('S', decoded as UTF-8) or a string given to a builder.</summary>
    public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
    {
        TryGetValue(key, out var raw);
        return FieldValue.TryGetString(raw, out value);
    }

    /// <summary>Any integer type (b B s u I i l): clients encode x-message-ttl, x-max-length etc. differently.</summary>
    public bool TryGetLong(string key, out long value)
    {
        TryGetValue(key, out var raw);
        return FieldValue.TryGetLong(raw, out value);
    }

    public bool TryGetBool(string key, out bool value)
    {
        if (TryGetValue(key, out var raw) && raw is bool b)
        {
            value = b;
            return true;
        }

        value = false;
        return false;
    }

    public bool TryGetTable(string key, [NotNullWhen(true)] out FieldTable? value)
    {
        TryGetValue(key, out var raw);
        value = raw as FieldTable;
        return value is not null;
    }

    public bool TryGetArray(string key, [NotNullWhen(true)] out IReadOnlyList<object?>? value)
    {
        TryGetValue(key, out var raw);
        value = raw is byte[] ? null : raw as IReadOnlyList<object?>;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < _entries.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(_entries[i].Key).Append('=').Append(FieldValue.Format(_entries[i].Value));
        }

        return sb.Append('}').ToString();
    }

    private int IndexOf(string key)
    {
        var entries = _entries;
        if (entries.Length < IndexThreshold)
        {
            for (int i = 0; i < entries.Length; i++)
            {
                if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        var index = Volatile.Read(ref _index) ?? BuildIndex();
        return index.TryGetValue(key, out int at) ? at : -1;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(_entries.Length, StringComparer.Ordinal);
        for (int i = 0; i < _entries.Length; i++)
        {
            index.TryAdd(_entries[i].Key, i);
        }

        Volatile.Write(ref _index, index);
        return index;
    }
}
