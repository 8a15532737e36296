using Fabric.Broker.Messages;

namespace Fabric.Broker.Queues;

/// <summary>
/// The sink for everything the <see cref="QueueEngine"/> decides that involves the outside world.
/// The engine calls it synchronously from the queue's single thread; the actor turns the calls into I/O.
/// </summary>
public interface IQueueEffects
{
    /// <summary>Send basic.deliver to a consumer. (basic.get results are returned by <see cref="QueueEngine.TryGet"/> instead.)</summary>
    void Deliver(in Delivery delivery);

    /// <summary>Publish the message to the queue's dead-letter exchange. Only emitted when a DLX is configured.</summary>
    void DeadLetter(Message message, DeadLetterReason reason, string queueName);

    /// <summary>A persistent message entered a durable queue; journal it (<paramref name="expiresAtMs"/>: long.MaxValue = never).</summary>
    void PersistEnqueue(long messageId, Message message, long expiresAtMs);

    /// <summary>
    /// A journalled message left the queue (acked, dropped, expired, dead-lettered, purged, deleted). Called once per
    /// id; the actor collects the calls of one engine call into one journal write.
    /// </summary>
    void PersistRemove(long messageId);
}
