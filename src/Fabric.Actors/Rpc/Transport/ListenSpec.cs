namespace Fabric.Rpc.Transport;

/// <summary>What a listener consumes from, declared as oslo's rabbit driver declares it.</summary>
public sealed record ListenSpec
{
    private ListenSpec(ListenKind kind, string exchange, string routingKey, string queue, bool ackAfterHandling)
    {
        Kind = kind;
        Exchange = exchange;
        RoutingKey = routingKey;
        Queue = queue;
        AckAfterHandling = ackAfterHandling;
    }

    public ListenKind Kind { get; }

    /// <summary>The exchange bound to ("" for direct queues on the default exchange).</summary>
    public string Exchange { get; }

    public string RoutingKey { get; }

    public string Queue { get; }

    /// <summary>
    /// RPC messages are acknowledged before they are handled (as oslo: a crash must not redeliver a call);
    /// notifications after, and requeued when the handler throws.
    /// </summary>
    public bool AckAfterHandling { get; }

    /// <summary>A reply queue: on the default exchange, transient, with x-expires.</summary>
    public static ListenSpec Direct(string queue) => new(ListenKind.Direct, "", "", queue, ackAfterHandling: false);

    /// <summary>A shared queue (named by the routing key unless given) bound to a topic exchange.</summary>
    public static ListenSpec Topic(string exchange, string routingKey, string? queue = null, bool ackAfterHandling = false) =>
        new(ListenKind.Topic, exchange, routingKey, queue ?? routingKey, ackAfterHandling);

    /// <summary>A private <c>topic_fanout_&lt;uuid&gt;</c> queue on the <c>topic_fanout</c> exchange.</summary>
    public static ListenSpec Fanout(string topic) =>
        new(ListenKind.Fanout, topic + "_fanout", topic, topic + "_fanout_" + Guid.NewGuid().ToString("N"), ackAfterHandling: false);
}

public enum ListenKind
{
    Direct,
    Topic,
    Fanout,
}
