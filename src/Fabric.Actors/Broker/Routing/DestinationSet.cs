using System.Collections;

namespace Fabric.Broker.Routing;

/// <summary>
/// The destinations one routing step reached, each once, in the order reached. A route reaches a handful at most, so
/// membership is a scan (string equality, usually the same instance) until it grows past a few, then a hash set.
/// </summary>
internal sealed class DestinationSet : ICollection<Destination>
{
    private const int ScanLimit = 8;
    private readonly List<Destination> _items = [];
    private HashSet<Destination>? _index; // only while more than ScanLimit are held

    public int Count => _items.Count;

    /// <summary>How many are exchanges (0: the route ends here).</summary>
    public int Exchanges { get; private set; }

    public bool IsReadOnly => false;

    public Destination this[int index] => _items[index];

    public void Add(Destination item)
    {
        _items.Add(item);
        if (item.Kind == DestinationKind.Exchange) Exchanges++;
        if (_index is not null)
        {
            _index.Add(item);
        }
        else if (_items.Count > ScanLimit)
        {
            _index = new HashSet<Destination>(_items);
        }
    }

    public bool Contains(Destination item)
    {
        if (_index is not null) return _index.Contains(item);
        var items = _items;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Kind == item.Kind && string.Equals(items[i].Name, item.Name, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public void Clear()
    {
        _items.Clear();
        _index = null;
        Exchanges = 0;
    }

    public void CopyTo(Destination[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    public bool Remove(Destination item) => throw new NotSupportedException("a route only adds");

    public List<Destination>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<Destination> IEnumerable<Destination>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
