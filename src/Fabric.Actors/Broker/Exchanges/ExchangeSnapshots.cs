using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Exchanges;

/// <summary>
/// The vhost actor is the single writer of every exchange's bindings: each change derives the next immutable routing
/// table and publishes it through <see cref="ExchangeHandle.Snapshot"/>, where publishing channels read it without
/// locks. Applied in the vhost's own turn, so a bind's -ok goes out after routing sees the binding, with no hop to a
/// per-exchange actor.
/// </summary>
internal static class ExchangeSnapshots
{
    public static void Add(ExchangeHandle exchange, Binding binding) =>
        Publish(exchange, exchange.Snapshot.Table.WithBinding(binding));

    public static void Remove(ExchangeHandle exchange, Binding binding) =>
        Publish(exchange, exchange.Snapshot.Table.WithoutBinding(binding));

    private static void Publish(ExchangeHandle exchange, IRoutingTable table)
    {
        var snapshot = exchange.Snapshot;
        if (!ReferenceEquals(table, snapshot.Table)) exchange.Snapshot = new ExchangeSnapshot(table, snapshot.AlternateExchange);
    }
}
