using Fabric.Broker.Messages;

namespace Fabric.Broker.Queues;

/// <summary>
/// One message handed to a consumer (basic.deliver) or to a basic.get (<see cref="ConsumerTag"/> is null).
/// <see cref="MessageId"/> is the queue-local id used for ack/nack/reject.
/// </summary>
public readonly record struct Delivery(
    string? ConsumerTag,
    long ChannelKey,
    long MessageId,
    Message Message,
    bool Redelivered,
    int DeliveryCount);
