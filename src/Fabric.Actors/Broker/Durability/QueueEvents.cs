namespace Fabric.Broker.Durability;

/// <summary>
/// Queue event: what a durable queue journalled in one write (or one chunk of it), stored as one row — messages that
/// entered the queue, then ids delivered, then ids removed (replayed in that order). One row per write instead of one
/// per message keeps the per-message cost of the journal to copying its bytes.
/// </summary>
public sealed class QueueEvents(IReadOnlyList<MessageEnqueued> enqueued, long[] deliveredIds, long[] removedIds)
{
    public IReadOnlyList<MessageEnqueued> Enqueued { get; } = enqueued;

    public long[] DeliveredIds { get; } = deliveredIds;

    public long[] RemovedIds { get; } = removedIds;

    public override string ToString() =>
        $"QueueEvents({Enqueued.Count} enqueued, {DeliveredIds.Length} delivered, {RemovedIds.Length} removed)";
}
