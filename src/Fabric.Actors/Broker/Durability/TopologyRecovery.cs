using Fabric.Broker.Routing;

namespace Fabric.Broker.Durability;

/// <summary>
/// A vhost's durable topology rebuilt from its events (<c>vhost|&lt;name&gt;</c>): exchanges, queues and the bindings
/// between them. Deleting an exchange or queue drops its bindings, as the broker does, so no BindingRemoved is
/// journalled for them.
/// </summary>
internal sealed class TopologyRecovery
{
    public readonly Dictionary<string, ExchangeDeclared> Exchanges = new(StringComparer.Ordinal);

    public readonly Dictionary<string, QueueDeclared> Queues = new(StringComparer.Ordinal);

    public readonly HashSet<Binding> Bindings = [];

    public bool IsEmpty => Exchanges.Count == 0 && Queues.Count == 0 && Bindings.Count == 0;

    public void Apply(object recovered)
    {
        switch (recovered)
        {
            case ExchangeDeclared e: Exchanges[e.Name] = e; break;
            case QueueDeclared q: Queues[q.Name] = q; break;
            case ExchangeDeleted e:
                Exchanges.Remove(e.Name);
                Bindings.RemoveWhere(b => b.Source == e.Name
                                          || b.DestinationKind == DestinationKind.Exchange && b.DestinationName == e.Name);
                break;
            case QueueDeleted q:
                Queues.Remove(q.Name);
                Bindings.RemoveWhere(b => b.DestinationKind == DestinationKind.Queue && b.DestinationName == q.Name);
                break;
            case BindingAdded b: Bindings.Add(new Binding(b.Source, b.Destination, b.Kind, b.RoutingKey, b.Arguments)); break;
            case BindingRemoved b: Bindings.Remove(new Binding(b.Source, b.Destination, b.Kind, b.RoutingKey, b.Arguments)); break;
            default:
                throw new EventFormatException($"unexpected event {recovered.GetType().Name} in a vhost's topology journal");
        }
    }
}
