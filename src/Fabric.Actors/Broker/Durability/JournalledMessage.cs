namespace Fabric.Broker.Durability;

/// <summary>A live journalled message as the <see cref="QueueJournal"/> tracks it.</summary>
internal sealed class JournalledMessage(MessageEnqueued enqueued)
{
    internal const long Unwritten = long.MaxValue;

    public MessageEnqueued Enqueued { get; } = enqueued;

    /// <summary>Sequence number of the event (or snapshot) that holds it; <see cref="Unwritten"/> until taken.</summary>
    public long SequenceNr { get; set; } = Unwritten;

    public bool Delivered { get; set; }

    public bool Removed { get; set; }

    public int Size => Enqueued.Properties.Length + Enqueued.Body.Length;
}
