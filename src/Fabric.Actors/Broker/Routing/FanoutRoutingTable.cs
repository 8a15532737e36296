namespace Fabric.Broker.Routing;

/// <summary>Fanout exchange: every bound destination gets every message; keys and headers are ignored.</summary>
internal sealed class FanoutRoutingTable : IRoutingTable
{
    public static readonly FanoutRoutingTable Empty = new([], []);

    private readonly Binding[] _bindings;
    private readonly Destination[] _destinations; // distinct, precomputed so routing skips repeats

    private FanoutRoutingTable(Binding[] bindings, Destination[] destinations)
    {
        _bindings = bindings;
        _destinations = destinations;
    }

    public string ExchangeType => Routing.ExchangeType.Fanout;

    public int Count => _bindings.Length;

    public IEnumerable<Binding> Bindings => _bindings;

    public bool Contains(Binding binding) => BindingArrays.IndexOf(_bindings, binding) >= 0;

    public void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ICollection<Destination> output)
    {
        var destinations = _destinations;
        for (var i = 0; i < destinations.Length; i++)
        {
            if (!output.Contains(destinations[i])) output.Add(destinations[i]);
        }
    }

    public IRoutingTable WithBinding(Binding binding) =>
        Contains(binding) ? this : Create(BindingArrays.Add(_bindings, binding));

    public IRoutingTable WithoutBinding(Binding binding)
    {
        var index = BindingArrays.IndexOf(_bindings, binding);
        return index < 0 ? this : Create(BindingArrays.RemoveAt(_bindings, index));
    }

    private static FanoutRoutingTable Create(Binding[] bindings)
    {
        var distinct = new HashSet<Destination>(bindings.Length);
        var destinations = new List<Destination>(bindings.Length);
        foreach (var binding in bindings)
        {
            if (distinct.Add(binding.Destination)) destinations.Add(binding.Destination);
        }
        return new FanoutRoutingTable(bindings, destinations.ToArray());
    }
}
