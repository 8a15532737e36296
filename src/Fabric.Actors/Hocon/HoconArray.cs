using System.Collections;

namespace Fabric.Hocon;

/// <summary>A HOCON list.</summary>
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly HoconValue[] _items;

    internal HoconArray(HoconValue[] items, HoconOrigin origin) : base(origin)
    {
        _items = items;
        bool needs = false;
        foreach (var item in items) needs |= item.NeedsResolution;
        NeedsResolution = needs;
    }

    public override HoconValueType Type => HoconValueType.Array;

    internal override bool NeedsResolution { get; }

    public int Count => _items.Length;

    public HoconValue this[int index] => _items[index];

    internal HoconValue[] Items => _items;

    public IEnumerator<HoconValue> GetEnumerator() => ((IEnumerable<HoconValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
