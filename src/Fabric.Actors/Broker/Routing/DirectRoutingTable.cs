namespace Fabric.Broker.Routing;

/// <summary>Direct exchange: a message goes to the bindings whose key equals its routing key exactly.</summary>
internal sealed class DirectRoutingTable : IRoutingTable
{
    public static readonly DirectRoutingTable Empty = new(WordMap<Binding[]>.Empty, 0);

    private readonly WordMap<Binding[]> _byKey;

    private DirectRoutingTable(WordMap<Binding[]> byKey, int count)
    {
        _byKey = byKey;
        Count = count;
    }

    public string ExchangeType => Routing.ExchangeType.Direct;

    public int Count { get; }

    public IEnumerable<Binding> Bindings
    {
        get
        {
            foreach (var pair in _byKey.Entries)
            {
                foreach (var binding in pair.Value) yield return binding;
            }
        }
    }

    public bool Contains(Binding binding) =>
        _byKey.TryGetValue(binding.RoutingKey, out var bindings) && BindingArrays.IndexOf(bindings, binding) >= 0;

    public void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ICollection<Destination> output)
    {
        if (_byKey.TryGetValue(routingKey, out var bindings)) BindingArrays.AppendDestinations(bindings, output);
    }

    public IRoutingTable WithBinding(Binding binding)
    {
        var existing = _byKey.GetValueOrDefault(binding.RoutingKey);
        if (existing is null) return new DirectRoutingTable(_byKey.SetItem(binding.RoutingKey, [binding]), Count + 1);
        if (BindingArrays.IndexOf(existing, binding) >= 0) return this;
        return new DirectRoutingTable(_byKey.SetItem(binding.RoutingKey, BindingArrays.Add(existing, binding)), Count + 1);
    }

    public IRoutingTable WithoutBinding(Binding binding)
    {
        if (!_byKey.TryGetValue(binding.RoutingKey, out var existing)) return this;
        var index = BindingArrays.IndexOf(existing, binding);
        if (index < 0) return this;
        var byKey = existing.Length == 1
            ? _byKey.Remove(binding.RoutingKey)
            : _byKey.SetItem(binding.RoutingKey, BindingArrays.RemoveAt(existing, index));
        return new DirectRoutingTable(byKey, Count - 1);
    }
}
