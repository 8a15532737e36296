namespace Fabric.Broker.Queues;

/// <summary>What the publisher is told about one enqueue (with confirms: ack or nack).</summary>
public enum EnqueueResult
{
    /// <summary>The queue took responsibility for the message (queued, delivered, or dropped by its own TTL/limits).</summary>
    Accepted,

    /// <summary>Refused by x-overflow reject-publish / reject-publish-dlx: the publisher gets a basic.nack.</summary>
    Rejected,
}
