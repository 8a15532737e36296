using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Messages;
using Fabric.Broker.VirtualHosts;

namespace Fabric.Broker.Connections;

/// <summary>
/// Direct reply-to, as RabbitMQ offers it: a channel consumes the pseudo-queue <c>amq.rabbitmq.reply-to</c> (no-ack);
/// its requests published with reply_to <c>amq.rabbitmq.reply-to</c> carry a reply address of that consumer instead;
/// a reply published to the default exchange with the address as routing key is delivered to the consumer directly.
/// Replies to an address whose consumer is gone are dropped (returned when mandatory).
/// </summary>
internal sealed partial class ConnectionActor
{
    private DirectReplyRegistry? DirectReplies => (_vhost as VirtualHost)?.DirectReplies;

    private static bool IsDirectReplyQueue(string queue) =>
        string.Equals(queue, DirectReplyRegistry.PseudoQueue, StringComparison.Ordinal);

    private void ConsumeDirectReplies(Channel channel, BasicConsume consume)
    {
        var registry = DirectReplies
            ?? throw Error(ReplyCode.NotFound, $"no queue '{consume.Queue}' in vhost '{_vhost!.Name}'");
        if (!consume.NoAck)
        {
            throw Error(ReplyCode.PreconditionFailed, "reply consumer cannot acknowledge");
        }

        if (channel.DirectReply is not null)
        {
            throw Error(ReplyCode.PreconditionFailed, "reply consumer already set");
        }

        string tag = NewConsumerTag(channel, consume.ConsumerTag);
        var consumer = new DirectReplyConsumer(Self, channel.Number, tag);
        channel.DirectReplyAddress = registry.Register(consumer);
        channel.DirectReply = consumer;
        channel.Consumers.Add(tag, new ConsumerInfo(tag, DirectReplyRegistry.PseudoQueue, noAck: true));
        if (!consume.NoWait)
        {
            FrameWriter.WriteMethod(_output, channel.Number, new BasicConsumeOk { ConsumerTag = tag });
            MarkDirty();
        }
    }

    /// <summary>The channel's reply consumer ends (cancel, channel or connection closed): its address goes.</summary>
    private void StopDirectReplies(Channel channel)
    {
        if (channel.DirectReply is { } consumer)
        {
            DirectReplies?.Unregister(channel.DirectReplyAddress!, consumer);
            channel.Consumers.Remove(consumer.ConsumerTag);
            channel.DirectReply = null;
            channel.DirectReplyAddress = null;
        }
    }

    /// <summary>
    /// A passive declare of the pseudo-queue, or of a reply address whose consumer is alive, answers 0 messages and
    /// 1 consumer (clients probe for the feature, servers for a caller still waiting), as RabbitMQ does; a gone
    /// address is left to the vhost (404).
    /// </summary>
    private bool TryDeclareDirectReplyQueue(Channel channel, QueueDeclare declare)
    {
        string name = declare.Queue;
        if (DirectReplies is not { } registry
            || !(IsDirectReplyQueue(name) || (DirectReplyRegistry.IsAddress(name) && registry.TryFind(name, out _))))
        {
            return false;
        }

        channel.LastQueue = name;
        if (!declare.NoWait)
        {
            FrameWriter.WriteMethod(_output, channel.Number, new QueueDeclareOk { Queue = name, MessageCount = 0, ConsumerCount = 1 });
            MarkDirty();
        }

        return true;
    }

    /// <summary>A request asking for a direct reply gets the channel's reply address as its reply_to.</summary>
    private ReadOnlyMemory<byte> WithDirectReplyAddress(Channel channel, ReadOnlyMemory<byte> properties)
    {
        if (channel.DirectReplyAddress is not { } address)
        {
            throw new AmqpProtocolException(ReplyCode.PreconditionFailed, "fast reply consumer does not exist",
                BasicPublish.ClassIndex, BasicPublish.MethodIndex);
        }

        return new BasicPropertiesView(properties.Span).WithShortString(BasicPropertyFlags.ReplyTo, address);
    }

    private static bool AsksForDirectReply(in BasicPropertiesView view) =>
        view.Has(BasicPropertyFlags.ReplyTo)
        && view.GetShortStringBytes(BasicPropertyFlags.ReplyTo).SequenceEqual("amq.rabbitmq.reply-to"u8);

    /// <summary>A publish to a reply address: straight to its consumer's connection; confirmed at once.</summary>
    private void PublishDirectReply(Channel channel, Message message, bool mandatory)
    {
        if (DirectReplies is { } registry && registry.TryFind(message.RoutingKey, out var consumer))
        {
            consumer.Connection.Tell(new DirectReplyDelivery(consumer, message), Self);
        }
        else if (mandatory)
        {
            WriteReturn(channel, message, ReplyCode.NoRoute);
        }

        _targets.Clear();
        SendToQueues(channel, message, _targets);
    }

    private void OnDirectReply(DirectReplyDelivery reply)
    {
        var consumer = reply.Consumer;
        if (_phase != ConnectionPhase.Open || !_channels.TryGetValue(consumer.Channel, out var channel)
            || channel.Phase != ChannelPhase.Open || !ReferenceEquals(channel.DirectReply, consumer)
            || !channel.Consumers.TryGetValue(consumer.ConsumerTag, out var info))
        {
            return; // the consumer is gone: the reply is dropped, as RabbitMQ does
        }

        WriteDelivery(channel, info, DirectReplyRegistry.PseudoQueue, 0, reply.Message, redelivered: false);
        MarkDirty();
        FlushIfLarge();
    }
}
