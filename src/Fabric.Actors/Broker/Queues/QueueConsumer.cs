namespace Fabric.Broker.Queues;

/// <summary>A consumer registered on a queue (basic.consume). Read-only to callers; the engine owns its state.</summary>
public sealed class QueueConsumer
{
    internal QueueConsumer(string tag, long channelKey, bool noAck, bool exclusive, int prefetch, int priority, long sequence,
        int credit = 0)
    {
        Tag = tag;
        ChannelKey = channelKey;
        NoAck = noAck;
        Exclusive = exclusive;
        Prefetch = prefetch;
        Priority = priority;
        Sequence = sequence;
        Credit = noAck ? credit : 0;
    }

    public string Tag { get; }

    public long ChannelKey { get; }

    public bool NoAck { get; }

    public bool Exclusive { get; }

    /// <summary>Maximum unacked deliveries; 0 = unlimited. Ignored for no-ack consumers.</summary>
    public int Prefetch { get; }

    /// <summary>The x-priority consume argument (default 0): higher is served first.</summary>
    public int Priority { get; }

    /// <summary>
    /// No-ack only: the most deliveries handed to its connection that the connection has not yet written to its socket
    /// (<see cref="InFlight"/>); 0 = unbounded. The connection gives credit back with
    /// <see cref="QueueEngine.ReturnCredit"/>.
    /// </summary>
    public int Credit { get; }

    /// <summary>No-ack deliveries handed to the connection and not yet returned as written (with a <see cref="Credit"/>).</summary>
    public int InFlight { get; internal set; }

    /// <summary>Deliveries this consumer holds unacked.</summary>
    public int Unacked { get; internal set; }

    /// <summary>False while it waits behind another consumer on a single-active-consumer queue.</summary>
    public bool IsActive { get; internal set; }

    public bool IsRemoved { get; internal set; }

    /// <summary>Registration order, for single-active-consumer hand-over.</summary>
    internal long Sequence { get; }

    /// <summary>Whether it sits in its priority group's round-robin ring.</summary>
    internal bool InRing { get; set; }

    internal ConsumerGroup? Group { get; set; }

    /// <summary>The channel-wide limit (basic.qos global) it shares with its channel's other consumers, if any.</summary>
    internal ChannelCredit? Channel { get; set; }

    public bool HasCredit => NoAck
        ? Credit == 0 || InFlight < Credit
        : (Prefetch == 0 || Unacked < Prefetch) && (Channel is null || Channel.HasCredit);
}
