namespace Fabric.Amqp.Tables;

/// <summary>
/// Builds a <see cref="FieldTable"/>. Values are normalised to the wire mapping: <c>string</c> becomes a long
/// string (<c>byte[]</c>, UTF-8), <c>decimal</c> becomes <see cref="AmqpDecimal"/>, <c>DateTimeOffset</c>/<c>DateTime</c>
/// becomes <see cref="AmqpTimestamp"/>, other dictionaries become tables and lists become arrays.
/// Unsupported value types are rejected here rather than when encoding.
/// </summary>
public sealed class FieldTableBuilder
{
    private readonly List<KeyValuePair<string, object?>> _entries;

    public FieldTableBuilder() => _entries = [];

    internal FieldTableBuilder(KeyValuePair<string, object?>[] entries) => _entries = new List<KeyValuePair<string, object?>>(entries);

    public int Count => _entries.Count;

    /// <summary>Appends an entry (no duplicate check: use <see cref="Set"/> to replace).</summary>
    public FieldTableBuilder Add(string key, object? value)
    {
        ValidateKey(key);
        _entries.Add(new KeyValuePair<string, object?>(key, FieldValue.Normalize(value)));
        return this;
    }

    /// <summary>Replaces the first entry with this key in place, or appends it.</summary>
    public FieldTableBuilder Set(string key, object? value)
    {
        ValidateKey(key);
        var entry = new KeyValuePair<string, object?>(key, FieldValue.Normalize(value));
        int i = IndexOf(key);
        if (i >= 0)
        {
            _entries[i] = entry;
        }
        else
        {
            _entries.Add(entry);
        }

        return this;
    }

    /// <summary>Removes every entry with this key; true when any was removed.</summary>
    public bool Remove(string key)
    {
        bool removed = false;
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                _entries.RemoveAt(i);
                removed = true;
            }
        }

        return removed;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public FieldTable Build() => _entries.Count == 0 ? FieldTable.Empty : new FieldTable(_entries.ToArray());

    private int IndexOf(string key)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (System.Text.Encoding.UTF8.GetByteCount(key) > AmqpConstants.ShortStringMaxLength)
        {
            throw new ArgumentException($"Field name longer than {AmqpConstants.ShortStringMaxLength} UTF-8 bytes.", nameof(key));
        }
    }
}
