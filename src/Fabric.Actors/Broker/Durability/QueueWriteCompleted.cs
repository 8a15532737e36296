namespace Fabric.Broker.Durability;

/// <summary>QueueStore → its queue actor: the write up to <see cref="HighestSequenceNr"/> is durable, or failed.</summary>
internal sealed record QueueWriteCompleted(long HighestSequenceNr, Exception? Error);
