namespace Fabric.Broker.Contracts;

/// <summary>
/// Consumer's connection → queue: <paramref name="Written"/> no-ack deliveries to the consumer have been taken by the
/// transport (the flush that carried them completed), so the queue may hand over that many more
/// (<see cref="QueueConsume.Credit"/>). Sent per consumer in batches, not per delivery.
/// </summary>
public sealed record QueueCreditReturned(long ChannelKey, string ConsumerTag, int Written);
