using System.Security.Cryptography;
using System.Buffers;
using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
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

    private void OnConsume(Channel channel, BasicConsume consume)
    {
        string name = QueueName(channel, consume.Queue);
        CheckPermission(Permission.Read, "queue", name);
        var queue = FindQueueFor(name);
        string tag = consume.ConsumerTag.Length == 0 ? NewName("amq.ctag-") : consume.ConsumerTag;
        if (channel.Consumers.ContainsKey(tag))
        {
            throw Error(ReplyCode.NotAllowed, $"attempt to reuse consumer tag '{tag}'");
        }

        var consumer = new ConsumerInfo(tag, name, consume.NoAck);
        channel.Consumers.Add(tag, consumer);
        channel.TouchedQueues.Add(name);
        SendPendingSettles(channel);
        queue.Actor.Tell(new QueueConsume(Self, channel.Number, channel.Key, _id, tag, consume.NoAck, consume.Exclusive,
            channel.Prefetch, consume.Arguments, channel.GlobalPrefetch), Self);
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
        channel.LowestUnacked = channel.LastDeliveryTag + 1;
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

        ulong tag = NextDeliveryTag(channel, consumer.NoAck, deliver.Queue, deliver.MessageId);
        var message = deliver.Message;
        Span<byte> exchange = stackalloc byte[AmqpConstants.ShortStringMaxLength * 3];
        int exchangeLength = Encoding.UTF8.GetBytes(message.Exchange, exchange);
        Span<byte> routingKey = stackalloc byte[AmqpConstants.ShortStringMaxLength * 3];
        int routingKeyLength = Encoding.UTF8.GetBytes(message.RoutingKey, routingKey);
        FrameWriter.WriteDelivery(_output, channel.Number, consumer.TagBytes, tag, deliver.Redelivered,
            exchange.Slice(0, exchangeLength), routingKey.Slice(0, routingKeyLength), message.Properties.Span,
            new ReadOnlySequence<byte>(message.Body), _frameMax);
        MarkDirty();
    }

    private static ulong NextDeliveryTag(Channel channel, bool noAck, string queue, long messageId)
    {
        ulong tag = ++channel.LastDeliveryTag;
        if (!noAck)
        {
            if (channel.Unacked.Count == 0)
            {
                channel.LowestUnacked = tag;
            }

            channel.Unacked[tag] = new UnackedDelivery(queue, messageId);
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
            if (!unacked.Remove(deliveryTag, out var delivery))
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

            bool found = false;
            if (upTo >= channel.LowestUnacked && upTo - channel.LowestUnacked <= (ulong)unacked.Count * 4 + 64)
            {
                for (ulong t = channel.LowestUnacked; t <= upTo; t++)
                {
                    if (unacked.Remove(t, out var delivery))
                    {
                        channel.AddSettle(delivery.Queue, kind, delivery.MessageId);
                        found = true;
                    }
                }
            }
            else
            {
                foreach (var entry in unacked)
                {
                    if (entry.Key <= upTo)
                    {
                        unacked.Remove(entry.Key);
                        channel.AddSettle(entry.Value.Queue, kind, entry.Value.MessageId);
                        found = true;
                    }
                }
            }

            if (!found && deliveryTag != 0)
            {
                throw Error(ReplyCode.PreconditionFailed, $"unknown delivery tag {deliveryTag}");
            }

            channel.LowestUnacked = Math.Max(channel.LowestUnacked, upTo + 1);
        }

        if (unacked.Count == 0)
        {
            channel.LowestUnacked = channel.LastDeliveryTag + 1;
        }

        _settlesPending = true;
        MarkDirty();
    }

    /// <summary>A server-generated name like RabbitMQ's: the prefix and 22 URL-safe base64 characters.</summary>
    private static string NewName(string prefix)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return prefix + Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
