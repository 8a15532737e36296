namespace Fabric.Broker.Durability;

/// <summary>
/// A journalled message of a durable queue: its event, the sequence number of the event (or snapshot) holding it, and
/// whether it was delivered. Built once by recovery (or at enqueue) and then tracked by the <see cref="QueueJournal"/>.
/// </summary>
public sealed class JournalledMessage(MessageEnqueued enqueued)
{
    internal const long Unwritten = long.MaxValue;

    private MessageEnqueued _enqueued = enqueued;

    public MessageEnqueued Enqueued
    {
        get => _enqueued;
        internal set
        {
            _enqueued = value;
            Size = value.Properties.Length + value.Body.Length;
        }
    }

    /// <summary>Sequence number of the event (or snapshot) that holds it; <see cref="Unwritten"/> until taken.</summary>
    public long SequenceNr { get; internal set; } = Unwritten;

    /// <summary>Delivered at least once (recovered unacked, it comes back redelivered).</summary>
    public bool Delivered { get; internal set; }

    internal bool Removed { get; set; }

    /// <summary>Properties + body bytes (kept: removals of old messages need not touch the message's cache lines).</summary>
    internal int Size { get; private set; } = enqueued.Properties.Length + enqueued.Body.Length;
}
