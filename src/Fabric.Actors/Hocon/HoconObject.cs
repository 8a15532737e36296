using System.Diagnostics.CodeAnalysis;

namespace Fabric.Hocon;

/// <summary>A HOCON object: fields in the order they were first defined.</summary>
public sealed class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    internal HoconObject(HoconOrigin origin, bool ignoresFallbacks = false) : base(origin)
    {
        _fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        IgnoresFallbacks = ignoresFallbacks;
    }

    internal HoconObject(HoconObject copyOf, bool? ignoresFallbacks = null) : base(copyOf.Origin)
    {
        _fields = new OrderedDictionary<string, HoconValue>(copyOf._fields, StringComparer.Ordinal);
        IgnoresFallbacks = ignoresFallbacks ?? copyOf.IgnoresFallbacks;
    }

    /// <summary>Set when this object replaced a non-object value: merging stops here, so fallbacks further down
    /// (<c>{a:{x:1}}</c> over <c>{a:42}</c> over <c>{a:{y:2}}</c>) are hidden, as for duplicate keys in one file.</summary>
    internal bool IgnoresFallbacks { get; }

    public override HoconValueType Type => HoconValueType.Object;

    public int Count => _fields.Count;

    public IEnumerable<string> Keys => _fields.Keys;

    public IEnumerable<KeyValuePair<string, HoconValue>> Fields => _fields;

    public HoconValue this[string key] => _fields[key];

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _fields.TryGetValue(key, out value);

    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    internal override bool NeedsResolution
    {
        get
        {
            foreach (var entry in _fields)
                if (entry.Value.NeedsResolution) return true;
            return false;
        }
    }

    /// <summary>Only for objects still being built (parser, merger, resolver); published objects are not mutated.</summary>
    internal void Set(string key, HoconValue value) => _fields[key] = value;

    internal void Remove(string key) => _fields.Remove(key);
}
