using Fabric.Broker.Messages;

namespace Fabric.Broker.Connections;

/// <summary>A reply published to a direct reply-to address, told to the connection of the consumer it names.</summary>
internal sealed record DirectReplyDelivery(DirectReplyConsumer Consumer, Message Message);
