using System.Security.Cryptography;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
    private readonly List<UnackedDelivery> _settled = []; // scratch of a multiple ack
    // The names of the last message delivered, UTF-8 encoded: a publisher's names are interned, so most deliveries
    // reuse them.
    private readonly EncodedName _deliverExchange = new();
    private readonly EncodedName _deliverRoutingKey = new();

    private void OnQos(Channel channel, BasicQos qos)
    {
        if (qos.PrefetchSize != 0)
        {
            throw Error(ReplyCode.NotImplemented, $"prefetch_size!=0 ({qos.PrefetchSize})");
        }

        if (qos.Global)
        {
            channel.GlobalPrefetch = qos.PrefetchCount;
        }
        else
        {
            channel.Prefetch = qos.PrefetchCount;
        }

        FrameWriter.WriteMethod(_output, channel.Number, new BasicQosOk());
        MarkDirty();
    }

    /// <summary>The client's tag, or a server-named one when it gave none; a tag in use on the channel is 530.</summary>
    private string NewConsumerTag(Channel channel, string requested)
    {
        string tag = requested.Length == 0 ? NewName("amq.ctag-") : requested;
        if (channel.Consumers.ContainsKey(tag))
        {
            throw Error(ReplyCode.NotAllowed, $"attempt to reuse consumer tag '{tag}'");
        }

        return tag;
    }

    private void OnConsume(Channel channel, BasicConsume consume)
    {
        if (IsDirectReplyQueue(consume.Queue))
        {
            ConsumeDirectReplies(channel, consume);
            return;
        }

        string name = QueueName(channel, consume.Queue);
        CheckPermission(Permission.Read, "queue", name);
        var queue = FindQueueFor(name);
        string tag = NewConsumerTag(channel, consume.ConsumerTag);
        int credit = ConsumeCredit(consume.NoAck);
        var consumer = new ConsumerInfo(tag, name, consume.NoAck, credited: credit > 0);
        channel.Consumers.Add(tag, consumer);
        channel.TouchedQueues.Add(name);
        SendPendingSettles(channel);
        queue.Actor.Tell(new QueueConsume(Self, channel.Number, channel.Key, _id, tag, consume.NoAck, consume.Exclusive,
            channel.Prefetch, consume.Arguments, channel.GlobalPrefetch, Batched: true, credit), Self);
        bool noWait = consume.NoWait;
        AwaitReply(channel, consume.Id, reply =>
        {
            if (reply is QueueReply { Error: { } error })
            {
                channel.Consumers.Remove(tag);
                throw error;
            }

            if (!noWait)
            {
                FrameWriter.WriteMethod(_output, channel.Number, new BasicConsumeOk { ConsumerTag = tag });
                MarkDirty();
            }
        });
    }

    private void OnCancel(Channel channel, BasicCancel cancel)
    {
        string tag = cancel.ConsumerTag;
        bool noWait = cancel.NoWait;
        if (channel.DirectReply is { } reply && string.Equals(reply.ConsumerTag, tag, StringComparison.Ordinal))
        {
            StopDirectReplies(channel);
            WriteCancelOk(channel, tag, noWait);
            return;
        }

        if (!channel.Consumers.TryGetValue(tag, out var consumer) || _vhost!.FindQueue(consumer.Queue) is not { } queue)
        {
            channel.Consumers.Remove(tag);
            WriteCancelOk(channel, tag, noWait);
            return;
        }

        SendPendingSettles(channel);
        queue.Actor.Tell(new QueueCancel(channel.Key, tag), Self);
        AwaitReply(channel, cancel.Id, _ =>
        {
            // Deliveries sent before the queue saw the cancel arrived before this reply; none follow it.
            channel.Consumers.Remove(tag);
            WriteCancelOk(channel, tag, noWait);
        });
    }

    private void WriteCancelOk(Channel channel, string tag, bool noWait)
    {
        if (!noWait)
        {
            FrameWriter.WriteMethod(_output, channel.Number, new BasicCancelOk { ConsumerTag = tag });
            MarkDirty();
        }
    }

    private void OnGet(Channel channel, BasicGet get)
    {
        string name = QueueName(channel, get.Queue);
        CheckPermission(Permission.Read, "queue", name);
        var queue = FindQueueFor(name);
        channel.TouchedQueues.Add(name);
        SendPendingSettles(channel);
        queue.Actor.Tell(new QueueGet(Self, channel.Number, channel.Key, _id, get.NoAck), Self);
        bool noAck = get.NoAck;
        AwaitReply(channel, get.Id, reply =>
        {
            switch (reply)
            {
                case QueueGetOk ok:
                    ulong tag = NextDeliveryTag(channel, noAck, ok.Queue, ok.MessageId);
                    var message = ok.Message;
                    FrameWriter.WriteMethod(_output, channel.Number, new BasicGetOk
                    {
                        DeliveryTag = tag,
                        Redelivered = ok.Redelivered,
                        Exchange = message.Exchange,
                        RoutingKey = message.RoutingKey,
                        MessageCount = ok.MessageCount,
                    });
                    FrameWriter.WriteContent(_output, channel.Number, BasicPublish.ClassIndex, message.Properties.Span,
                        message.Body.Span, _frameMax);
                    break;
                case QueueReply { Error: { } error }:
                    throw error;
                default:
                    FrameWriter.WriteMethod(_output, channel.Number, new BasicGetEmpty());
                    break;
            }

            MarkDirty();
        });
    }

    private void OnRecover(Channel channel, bool reply)
    {
        // requeue=false (redeliver to the same consumer) is served as requeue=true, which the spec allows.
        SendPendingSettles(channel);
        if (_vhost is { } vhost)
        {
            foreach (var name in channel.TouchedQueues)
            {
                vhost.FindQueue(name)?.Actor.Tell(new QueueRecover(channel.Key), Self);
            }
        }

        channel.Unacked.Clear();
        if (reply)
        {
            FrameWriter.WriteMethod(_output, channel.Number, new BasicRecoverOk());
            MarkDirty();
        }
    }

    private void OnDeliver(QueueDeliver deliver)
    {
        if (!_channels.TryGetValue(deliver.Channel, out var channel) || channel.Phase != ChannelPhase.Open
            || !channel.Consumers.TryGetValue(deliver.ConsumerTag, out var consumer) || _phase != ConnectionPhase.Open)
        {
            return; // the queue requeues it when it learns the channel or consumer is gone
        }

        WriteDelivery(channel, consumer, deliver.Queue, deliver.MessageId, deliver.Message, deliver.Redelivered);
        MarkDirty();
        FlushIfLarge();
    }

    private void OnDeliveries(QueueDeliveries deliveries)
    {
        if (!_channels.TryGetValue(deliveries.Channel, out var channel) || channel.Phase != ChannelPhase.Open
            || _phase != ConnectionPhase.Open)
        {
            return;
        }

        string? tag = null;
        ConsumerInfo? consumer = null;
        foreach (ref readonly var item in deliveries.Items.AsSpan())
        {
            if (!ReferenceEquals(item.ConsumerTag, tag))
            {
                tag = item.ConsumerTag;
                channel.Consumers.TryGetValue(tag, out consumer);
            }

            if (consumer is not null)
            {
                WriteDelivery(channel, consumer, deliveries.Queue, item.MessageId, item.Message, item.Redelivered);
            }
        }

        MarkDirty();
        FlushIfLarge();
    }

    private void WriteDelivery(Channel channel, ConsumerInfo consumer, string queue, long messageId, Message message,
        bool redelivered)
    {
        ulong tag = NextDeliveryTag(channel, consumer.NoAck, queue, messageId);
        FrameWriter.WriteDelivery(_output, channel.Number, consumer.TagBytes, tag, redelivered,
            _deliverExchange.Get(message.Exchange), _deliverRoutingKey.Get(message.RoutingKey), message.Properties.Span,
            message.Body.Span, _frameMax);
        _unflushed += message.Body.Length + message.Properties.Length;
        if (consumer.Credited)
        {
            CountWritten(channel, consumer);
        }
    }

    private static ulong NextDeliveryTag(Channel channel, bool noAck, string queue, long messageId)
    {
        ulong tag = ++channel.LastDeliveryTag;
        if (!noAck)
        {
            channel.Unacked.Add(tag, queue, messageId);
        }

        return tag;
    }

    private void OnConsumerCancelled(QueueConsumerCancelled cancelled)
    {
        if (!_channels.TryGetValue(cancelled.Channel, out var channel) || channel.Phase != ChannelPhase.Open
            || !channel.Consumers.Remove(cancelled.ConsumerTag))
        {
            return;
        }

        if (_clientSupportsCancelNotify && _phase == ConnectionPhase.Open)
        {
            FrameWriter.WriteMethod(_output, channel.Number, new BasicCancel { ConsumerTag = cancelled.ConsumerTag, NoWait = true });
            MarkDirty();
        }
    }

    private void OnSettle(Channel channel, ulong deliveryTag, bool multiple, SettleKind kind)
    {
        if (channel.Transactional)
        {
            channel.TxSettles.Add(new TxSettle(deliveryTag, multiple, kind));
            return;
        }

        ApplySettle(channel, deliveryTag, multiple, kind);
    }

    /// <summary>Records the settlement for the batch's QueueSettle per queue; unknown tags are 406.</summary>
    private void ApplySettle(Channel channel, ulong deliveryTag, bool multiple, SettleKind kind)
    {
        var unacked = channel.Unacked;
        if (!multiple)
        {
            if (!unacked.TryRemove(deliveryTag, out var delivery))
            {
                throw Error(ReplyCode.PreconditionFailed, $"unknown delivery tag {deliveryTag}");
            }

            channel.AddSettle(delivery.Queue, kind, delivery.MessageId);
        }
        else
        {
            ulong upTo = deliveryTag == 0 ? channel.LastDeliveryTag : deliveryTag;
            if (upTo > channel.LastDeliveryTag)
            {
                throw Error(ReplyCode.PreconditionFailed, $"unknown delivery tag {deliveryTag}");
            }

            var removed = _settled;
            if (unacked.RemoveUpTo(upTo, removed) == 0 && deliveryTag != 0)
            {
                throw Error(ReplyCode.PreconditionFailed, $"unknown delivery tag {deliveryTag}");
            }

            for (int i = 0; i < removed.Count; i++)
            {
                channel.AddSettle(removed[i].Queue, kind, removed[i].MessageId);
            }

            removed.Clear();
        }

        _settlesPending = true; // sent when the buffer is parsed (or parsing suspends)
    }

    /// <summary>A server-generated name like RabbitMQ's: the prefix and 22 URL-safe base64 characters.</summary>
    private static string NewName(string prefix)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return prefix + Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
