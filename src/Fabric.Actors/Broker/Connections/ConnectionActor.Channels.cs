using System.Buffers;
using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
    private void HandleChannelMethod(ushort number, MethodId id, ReadOnlySpan<byte> payload)
    {
        if (!_channels.TryGetValue(number, out var channel))
        {
            if (id.Key == ChannelOpen.Key)
            {
                OpenChannel(number);
                return;
            }

            throw Error(ReplyCode.ChannelError, $"expected 'channel.open' on channel {number}");
        }

        if (channel.Phase == ChannelPhase.Closing)
        {
            if (id.Key == ChannelCloseOk.Key)
            {
                _channels.Remove(number);
            }
            else if (id.Key == ChannelClose.Key)
            {
                FrameWriter.WriteMethod(_output, number, new ChannelCloseOk());
                MarkDirty();
            }

            return; // everything else on a closing channel is discarded
        }

        if (channel.Content != ContentPhase.None)
        {
            throw Error(ReplyCode.UnexpectedFrame,
                $"expected content {(channel.Content == ContentPhase.ExpectingHeader ? "header" : "body")} for class 60, got a method frame instead");
        }

        var args = MethodDecoder.Arguments(payload);
        switch (id.Key)
        {
            case BasicPublish.Key:
                OnPublish(channel, BasicPublish.Decode(args, Strings));
                break;
            case BasicAck.Key:
                var ack = BasicAck.Decode(args);
                OnSettle(channel, ack.DeliveryTag, ack.Multiple, SettleKind.Ack);
                break;
            case BasicNack.Key:
                var nack = BasicNack.Decode(args);
                OnSettle(channel, nack.DeliveryTag, nack.Multiple, nack.Requeue ? SettleKind.Requeue : SettleKind.Discard);
                break;
            case BasicReject.Key:
                var reject = BasicReject.Decode(args);
                OnSettle(channel, reject.DeliveryTag, false, reject.Requeue ? SettleKind.Requeue : SettleKind.Discard);
                break;
            default:
                DispatchChannelMethod(channel, MethodDecoder.Decode(payload, Strings));
                break;
        }
    }

    private void DispatchChannelMethod(Channel channel, IAmqpMethod method)
    {
        switch (method)
        {
            case ChannelOpen:
                throw Error(ReplyCode.ChannelError, $"second 'channel.open' seen on channel {channel.Number}");
            case ChannelClose:
                ReleaseChannelResources(channel);
                _channels.Remove(channel.Number);
                FrameWriter.WriteMethod(_output, channel.Number, new ChannelCloseOk());
                MarkDirty();
                break;
            case ChannelCloseOk or ChannelFlowOk:
                break;
            case ChannelFlow flow:
                if (!flow.Active)
                {
                    throw Error(ReplyCode.NotImplemented, "active=false");
                }

                FrameWriter.WriteMethod(_output, channel.Number, new ChannelFlowOk { Active = true });
                MarkDirty();
                break;
            case AccessRequest:
                FrameWriter.WriteMethod(_output, channel.Number, new AccessRequestOk { Ticket = 1 });
                MarkDirty();
                break;
            case BasicQos qos:
                OnQos(channel, qos);
                break;
            case BasicConsume consume:
                OnConsume(channel, consume);
                break;
            case BasicCancel cancel:
                OnCancel(channel, cancel);
                break;
            case BasicGet get:
                OnGet(channel, get);
                break;
            case BasicRecover recover:
                OnRecover(channel, reply: true);
                break;
            case BasicRecoverAsync:
                OnRecover(channel, reply: false);
                break;
            case ConfirmSelect select:
                OnConfirmSelect(channel, select);
                break;
            case TxSelect:
                OnTxSelect(channel);
                break;
            case TxCommit:
                OnTxCommit(channel);
                break;
            case TxRollback:
                OnTxRollback(channel);
                break;
            case ExchangeDeclare declare:
                OnExchangeDeclare(channel, declare);
                break;
            case ExchangeDelete delete:
                OnExchangeDelete(channel, delete);
                break;
            case ExchangeBind bind:
                OnExchangeBind(channel, bind);
                break;
            case ExchangeUnbind unbind:
                OnExchangeUnbind(channel, unbind);
                break;
            case QueueDeclare declare:
                OnQueueDeclare(channel, declare);
                break;
            case QueueBind bind:
                OnQueueBind(channel, bind);
                break;
            case QueueUnbind unbind:
                OnQueueUnbind(channel, unbind);
                break;
            case QueuePurge purge:
                OnQueuePurge(channel, purge);
                break;
            case QueueDelete delete:
                OnQueueDelete(channel, delete);
                break;
            default:
                throw method.Id.ClassId == ConnectionClose.ClassIndex
                    ? Error(ReplyCode.CommandInvalid, $"{Describe(method.Id)} is only allowed on channel 0")
                    : Error(ReplyCode.CommandInvalid, $"{Describe(method.Id)} is not a method a client may send");
        }
    }

    private void OpenChannel(ushort number)
    {
        if (number > _channelMax || _channels.Count >= _channelMax)
        {
            throw Error(ReplyCode.NotAllowed,
                $"number of channels opened ({_channels.Count}) has reached the negotiated channel_max ({_channelMax})");
        }

        _channels.Add(number, new Channel(number, (_id << 16) | number));
        FrameWriter.WriteMethod(_output, number, new ChannelOpenOk());
        MarkDirty();
    }

    /// <summary>The channel's consumers and unacked deliveries go back to their queues; buffered state is dropped.</summary>
    private void ReleaseChannelResources(Channel channel)
    {
        SendPendingSettles(channel);
        if (_vhost is { } vhost)
        {
            foreach (var name in channel.TouchedQueues)
            {
                vhost.FindQueue(name)?.Actor.Tell(new QueueChannelClosed(channel.Key), Self);
            }
        }

        channel.TouchedQueues.Clear();
        StopDirectReplies(channel);
        channel.Consumers.Clear();
        channel.Unacked.Clear();
        channel.TxPublishes.Clear();
        channel.TxSettles.Clear();
        channel.ResetContent();
    }

    private Channel ContentChannel(ushort number, string frameKind)
    {
        if (_phase != ConnectionPhase.Open || number == 0)
        {
            throw Error(ReplyCode.UnexpectedFrame, $"unexpected {frameKind} frame on channel {number}");
        }

        if (!_channels.TryGetValue(number, out var channel))
        {
            throw Error(ReplyCode.ChannelError, $"expected 'channel.open' on channel {number}");
        }

        return channel;
    }

    private void HandleContentHeader(in Frame frame)
    {
        if (_phase == ConnectionPhase.Closing)
        {
            return;
        }

        var channel = ContentChannel(frame.Channel, "content header");
        if (channel.Phase == ChannelPhase.Closing)
        {
            return;
        }

        if (channel.Content != ContentPhase.ExpectingHeader)
        {
            throw new AmqpProtocolException(ReplyCode.UnexpectedFrame,
                channel.Content == ContentPhase.None
                    ? "expected method frame, got non method frame instead"
                    : "expected content body, got content header instead",
                BasicPublish.ClassIndex, BasicPublish.MethodIndex);
        }

        var header = ContentHeader.Parse(frame.Payload);
        if (header.ClassId != BasicPublish.ClassIndex)
        {
            throw new AmqpProtocolException(ReplyCode.UnexpectedFrame,
                $"content header for class {header.ClassId} does not match the method's class 60",
                BasicPublish.ClassIndex, BasicPublish.MethodIndex);
        }

        if (header.BodySize > (ulong)_settings.MaxMessageSize)
        {
            throw new AmqpProtocolException(ReplyCode.PreconditionFailed,
                $"message size {header.BodySize} is larger than configured max size {_settings.MaxMessageSize}",
                BasicPublish.ClassIndex, BasicPublish.MethodIndex);
        }

        int propertiesLength = checked((int)header.RawProperties.Length);
        // Not zeroed first: the properties and every body byte are copied in before the message exists (a large
        // body's buffer would otherwise be cleared once by the runtime, on top of the kernel's fresh pages).
        var content = GC.AllocateUninitializedArray<byte>(checked(propertiesLength + (int)header.BodySize));
        header.RawProperties.CopyTo(content);
        try
        {
            _ = new BasicPropertiesView(content.AsSpan(0, propertiesLength));
        }
        catch (AmqpProtocolException e)
        {
            throw e.WithMethod(new MethodId(BasicPublish.ClassIndex, BasicPublish.MethodIndex));
        }

        channel.ContentBuffer = content;
        channel.PropertiesLength = propertiesLength;
        channel.BodyFilled = 0;
        if (header.BodySize == 0)
        {
            CompletePublish(channel);
        }
        else
        {
            channel.Content = ContentPhase.ExpectingBody;
        }
    }

    private void HandleContentBody(in Frame frame)
    {
        if (_phase == ConnectionPhase.Closing)
        {
            return;
        }

        var channel = ContentChannel(frame.Channel, "content body");
        if (channel.Phase == ChannelPhase.Closing)
        {
            return;
        }

        if (channel.Content != ContentPhase.ExpectingBody)
        {
            throw new AmqpProtocolException(ReplyCode.UnexpectedFrame,
                channel.Content == ContentPhase.None
                    ? "expected method frame, got non method frame instead"
                    : "expected content header, got content body instead",
                BasicPublish.ClassIndex, BasicPublish.MethodIndex);
        }

        long length = frame.Payload.Length;
        if (channel.BodyFilled + length > channel.BodyLength)
        {
            throw new AmqpProtocolException(ReplyCode.FrameError,
                $"content body exceeds the declared size of {channel.BodyLength} bytes",
                BasicPublish.ClassIndex, BasicPublish.MethodIndex);
        }

        frame.Payload.CopyTo(channel.ContentBuffer.AsSpan(channel.PropertiesLength + channel.BodyFilled));
        channel.BodyFilled += (int)length;
        if (channel.BodyFilled == channel.BodyLength)
        {
            CompletePublish(channel);
        }
    }
}
