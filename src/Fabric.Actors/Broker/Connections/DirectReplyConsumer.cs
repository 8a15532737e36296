using Fabric.Actors;

namespace Fabric.Broker.Connections;

/// <summary>A channel's consumer of <c>amq.rabbitmq.reply-to</c>: where replies to its address are delivered.</summary>
internal sealed record DirectReplyConsumer(IActorRef Connection, ushort Channel, string ConsumerTag);
