namespace Fabric.Broker.Durability;

/// <summary>A message a queue recovered: its event, where the journal holds it, and whether it was delivered.</summary>
public sealed class RecoveredMessage(MessageEnqueued enqueued, long sequenceNr)
{
    public MessageEnqueued Enqueued { get; internal set; } = enqueued;

    public long SequenceNr { get; internal set; } = sequenceNr;

    public bool Delivered { get; internal set; }
}
