using System.Collections.Concurrent;
using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Exchanges;

/// <summary>
/// The default exchange's routing: every queue is implicitly bound by its own name, so a routing key routes to the
/// queue of that name when it exists. Holds no bindings; it reads the vhost's live queue registry.
/// </summary>
internal sealed class DefaultExchangeTable : IRoutingTable
{
    private readonly ConcurrentDictionary<string, QueueHandle> _queues;

    public DefaultExchangeTable(ConcurrentDictionary<string, QueueHandle> queues) => _queues = queues;

    public string ExchangeType => Routing.ExchangeType.Direct;

    public int Count => 0;

    public IEnumerable<Binding> Bindings => [];

    public bool Contains(Binding binding) => false;

    public void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ICollection<Destination> output)
    {
        if (!_queues.ContainsKey(routingKey)) return;
        var destination = Destination.Queue(routingKey);
        if (!output.Contains(destination)) output.Add(destination);
    }

    public IRoutingTable WithBinding(Binding binding) =>
        throw new InvalidOperationException("The default exchange cannot be bound.");

    public IRoutingTable WithoutBinding(Binding binding) => this;
}
