namespace Fabric.Broker.Routing;

/// <summary>
/// Reusable scratch space and result of one <see cref="ExchangeGraphRouter.Route"/> call. Keep one per channel
/// (not thread-safe); it is cleared at the start of each route, so routing allocates nothing once warm.
/// </summary>
public sealed class RoutingContext
{
    private readonly List<string> _queues = [];
    internal readonly HashSet<string> QueueSet = new(StringComparer.Ordinal);
    internal readonly HashSet<string> SeenExchanges = new(StringComparer.Ordinal);
    internal readonly Stack<string> Pending = new();
    internal readonly DestinationSet Scratch = new();

    /// <summary>The distinct queue names the last route reached, in the order first reached.</summary>
    public IReadOnlyList<string> Queues => _queues;

    internal void Clear()
    {
        _queues.Clear();
        QueueSet.Clear();
        SeenExchanges.Clear();
        Pending.Clear();
        Scratch.Clear();
    }

    internal void AddQueue(string name)
    {
        if (QueueSet.Add(name)) _queues.Add(name);
    }

    /// <summary>A queue known not to be among those added (a one-exchange route's distinct destinations).</summary>
    internal void AddDistinctQueue(string name) => _queues.Add(name);
}
