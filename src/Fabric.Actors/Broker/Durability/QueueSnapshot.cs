namespace Fabric.Broker.Durability;

/// <summary>
/// A queue's journalled messages at a sequence number, in id order, with the ids of those delivered at least once.
/// Taken only when the live set is small (see <see cref="QueueJournal"/>); replaces every event up to it.
/// </summary>
public sealed class QueueSnapshot(IReadOnlyList<MessageEnqueued> messages, long[] deliveredIds)
{
    public IReadOnlyList<MessageEnqueued> Messages { get; } = messages;

    public long[] DeliveredIds { get; } = deliveredIds;

    public override string ToString() => $"QueueSnapshot({Messages.Count} messages, {DeliveredIds.Length} delivered)";
}
