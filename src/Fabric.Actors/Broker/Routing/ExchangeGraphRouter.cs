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
        if (_resolve(exchange) is not { } first) return context.Queues;
        var scratch = context.Scratch;
        first.Table.Route(routingKey, headers, scratch);
        if (scratch.Exchanges == 0 && scratch.Count > 0)
        {
            // The usual route: one exchange straight to its queues, each once already.
            for (var i = 0; i < scratch.Count; i++) context.AddDistinctQueue(scratch[i].Name);
            return context.Queues;
        }

        context.SeenExchanges.Add(exchange);
        Follow(first, context);
        while (context.Pending.TryPop(out var name))
        {
            if (_resolve(name) is not { } snapshot) continue;
            scratch.Clear();
            snapshot.Table.Route(routingKey, headers, scratch);
            Follow(snapshot, context);
        }
        return context.Queues;
    }

    /// <summary>The queues the exchange's routing step (in the scratch set) reached, and the exchanges to visit next.</summary>
    private static void Follow(ExchangeSnapshot snapshot, RoutingContext context)
    {
        var scratch = context.Scratch;
        if (scratch.Count == 0)
        {
            if (snapshot.AlternateExchange is { } alternate) Visit(alternate, context);
            return;
        }
        for (var i = 0; i < scratch.Count; i++)
        {
            var destination = scratch[i];
            if (destination.Kind == DestinationKind.Queue) context.AddQueue(destination.Name);
            else Visit(destination.Name, context);
        }
    }

    private static void Visit(string exchange, RoutingContext context)
    {
        if (context.SeenExchanges.Add(exchange)) context.Pending.Push(exchange);
    }
}
