namespace Fabric.Broker.Routing;

/// <summary>Headers exchange: the routing key is ignored; each binding's arguments are matched to the headers.</summary>
internal sealed class HeadersRoutingTable : IRoutingTable
{
    public static readonly HeadersRoutingTable Empty = new([]);

    private readonly HeadersCondition[] _conditions;

    private HeadersRoutingTable(HeadersCondition[] conditions) => _conditions = conditions;

    public string ExchangeType => Routing.ExchangeType.Headers;

    public int Count => _conditions.Length;

    public IEnumerable<Binding> Bindings
    {
        get
        {
            foreach (var condition in _conditions) yield return condition.Binding;
        }
    }

    public bool Contains(Binding binding) => IndexOf(binding) >= 0;

    public void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ICollection<Destination> output)
    {
        var conditions = _conditions;
        for (var i = 0; i < conditions.Length; i++)
        {
            if (!conditions[i].Matches(headers)) continue;
            var destination = conditions[i].Binding.Destination;
            if (!output.Contains(destination)) output.Add(destination);
        }
    }

    public IRoutingTable WithBinding(Binding binding)
    {
        if (IndexOf(binding) >= 0) return this;
        var conditions = new HeadersCondition[_conditions.Length + 1];
        Array.Copy(_conditions, conditions, _conditions.Length);
        conditions[^1] = new HeadersCondition(binding);
        return new HeadersRoutingTable(conditions);
    }

    public IRoutingTable WithoutBinding(Binding binding)
    {
        var index = IndexOf(binding);
        if (index < 0) return this;
        var conditions = new HeadersCondition[_conditions.Length - 1];
        Array.Copy(_conditions, 0, conditions, 0, index);
        Array.Copy(_conditions, index + 1, conditions, index, conditions.Length - index);
        return new HeadersRoutingTable(conditions);
    }

    private int IndexOf(Binding binding)
    {
        for (var i = 0; i < _conditions.Length; i++)
        {
            if (_conditions[i].Binding.Equals(binding)) return i;
        }
        return -1;
    }
}
