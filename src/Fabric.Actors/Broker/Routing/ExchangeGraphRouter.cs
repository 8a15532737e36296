namespace Fabric.Broker.Routing;

/// <summary>
/// Routes a message through exchange-to-exchange bindings to the final set of queues, like RabbitMQ: each
/// exchange is visited at most once (cycles end there), an exchange that routes to nothing at all hands the
/// message to its alternate exchange, and exchanges the resolver does not know are skipped.
/// </summary>
public sealed class ExchangeGraphRouter
{
    private readonly Func<string, ExchangeSnapshot?> _resolve;

    /// <param name="resolve">Current snapshot of an exchange by name; null when no such exchange exists.</param>
    public ExchangeGraphRouter(Func<string, ExchangeSnapshot?> resolve) => _resolve = resolve;

    /// <summary>
    /// Routes from <paramref name="exchange"/>; the queues are in <see cref="RoutingContext.Queues"/> (also
    /// returned). Whether those queues exist is the caller's business.
    /// </summary>
    public IReadOnlyList<string> Route(string exchange, string routingKey,
        IReadOnlyDictionary<string, object?>? headers, RoutingContext context)
    {
        context.Clear();
        context.SeenExchanges.Add(exchange);
        context.Pending.Push(exchange);
        var scratch = context.Scratch;
        while (context.Pending.TryPop(out var name))
        {
            if (_resolve(name) is not { } snapshot) continue;
            scratch.Clear();
            snapshot.Table.Route(routingKey, headers, scratch);
            if (scratch.Count == 0)
            {
                if (snapshot.AlternateExchange is { } alternate) Visit(alternate, context);
                continue;
            }
            foreach (var destination in scratch)
            {
                if (destination.Kind == DestinationKind.Queue) context.AddQueue(destination.Name);
                else Visit(destination.Name, context);
            }
        }
        return context.Queues;
    }

    private static void Visit(string exchange, RoutingContext context)
    {
        if (context.SeenExchanges.Add(exchange)) context.Pending.Push(exchange);
    }
}
