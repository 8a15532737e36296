using Fabric.Broker.Messages;

namespace Fabric.Broker.Contracts;

/// <summary>
/// Queue → consumer's connection, for channels whose consume asked for batches (<see cref="QueueConsume.Batched"/>):
/// the deliveries one queue made to one channel while working through its mailbox, in order, as one message (a single
/// delivery still comes as <see cref="QueueDeliver"/>).
/// </summary>
public sealed record QueueDeliveries(ushort Channel, string Queue, QueueDelivery[] Items);

/// <summary>One delivery of a <see cref="QueueDeliveries"/>: what <see cref="QueueDeliver"/> carries besides the channel.</summary>
public readonly record struct QueueDelivery(string ConsumerTag, long MessageId, Message Message, bool Redelivered);
