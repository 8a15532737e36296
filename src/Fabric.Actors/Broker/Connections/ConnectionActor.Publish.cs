using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Fabric.Broker.Security;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
    private readonly List<QueueHandle> _targets = [];

    private void OnPublish(Channel channel, BasicPublish publish)
    {
        if (publish.Immediate)
        {
            throw Error(ReplyCode.NotImplemented, "immediate=true");
        }

        var vhost = _vhost!;
        var exchange = vhost.FindExchange(publish.Exchange)
            ?? throw Error(ReplyCode.NotFound, $"no exchange '{publish.Exchange}' in vhost '{vhost.Name}'");
        if (exchange.Internal)
        {
            throw Error(ReplyCode.AccessRefused, $"cannot publish to internal exchange '{publish.Exchange}' in vhost '{vhost.Name}'");
        }

        // The last exchange this channel was allowed to write to needs no second regex match while the security
        // state that granted it is current (each change publishes a new state object).
        var grants = (_broker.Access as AccessControl)?.State;
        if (grants is null || !ReferenceEquals(channel.WriteGrants, grants)
            || !string.Equals(channel.WritableExchange, publish.Exchange, StringComparison.Ordinal))
        {
            CheckPermission(Permission.Write, "exchange", ExchangeResource(publish.Exchange));
            channel.WritableExchange = publish.Exchange;
            channel.WriteGrants = grants;
        }

        channel.Publish = publish;
        channel.Content = ContentPhase.ExpectingHeader;
    }

    /// <summary>The whole message is in: parse the few properties the broker reads once, route, hand to the queues.</summary>
    private void CompletePublish(Channel channel)
    {
        var publish = channel.Publish;
        var properties = channel.Properties;
        var body = channel.Body;
        channel.ResetContent();

        var view = new BasicPropertiesView(properties.Span);
        long? expiration = null;
        if (view.Has(BasicPropertyFlags.Expiration))
        {
            if (!view.TryGetExpirationMilliseconds(out long ms))
            {
                throw new AmqpProtocolException(ReplyCode.PreconditionFailed, $"invalid expiration '{view.Expiration}'",
                    BasicPublish.ClassIndex, BasicPublish.MethodIndex);
            }

            expiration = ms;
        }

        if (view.Has(BasicPropertyFlags.UserId) && view.GetShortString(BasicPropertyFlags.UserId) is { } userId
            && !string.Equals(userId, _user!.Name, StringComparison.Ordinal))
        {
            throw new AmqpProtocolException(ReplyCode.PreconditionFailed,
                $"user_id property set to '{userId}' but authenticated user was '{_user.Name}'",
                BasicPublish.ClassIndex, BasicPublish.MethodIndex);
        }

        if (AsksForDirectReply(view))
        {
            properties = WithDirectReplyAddress(channel, properties);
            view = new BasicPropertiesView(properties.Span);
        }

        var headers = view.Headers;
        var message = new Message(publish.Exchange, publish.RoutingKey, properties, body, view.IsPersistent,
            view.Priority ?? 0, expiration, headers);
        if (publish.Exchange.Length == 0 && DirectReplyRegistry.IsAddress(publish.RoutingKey))
        {
            PublishDirectReply(channel, message, publish.Mandatory);
            return;
        }

        var vhost = _vhost!;
        var names = vhost.Route(publish.Exchange, publish.RoutingKey, headers, channel.Routing);
        _targets.Clear();
        for (int i = 0; i < names.Count; i++)
        {
            if (vhost.FindQueue(names[i]) is { } queue)
            {
                _targets.Add(queue);
            }
        }

        if (_targets.Count == 0 && publish.Mandatory)
        {
            WriteReturn(channel, message, ReplyCode.NoRoute);
        }

        if (channel.Transactional)
        {
            var queues = new string[_targets.Count];
            for (int i = 0; i < queues.Length; i++)
            {
                queues[i] = _targets[i].Name;
            }

            channel.TxPublishes.Add(new TxPublish(message, queues));
            return;
        }

        SendToQueues(channel, message, _targets);
    }

    private void SendToQueues(Channel channel, Message message, List<QueueHandle> targets)
    {
        var confirms = channel.Confirms;
        ulong seq = confirms is null ? 0 : ++channel.PublishSeqNo;
        var publish = new QueuePublish(message, confirms is null ? null : Self, channel.Number, seq, ConfirmInRuns: true);
        for (int i = 0; i < targets.Count; i++)
        {
            targets[i].Actor.Tell(publish, Self);
        }

        if (confirms is not null)
        {
            confirms.Add(seq, targets.Count);
            if (targets.Count == 0)
            {
                channel.ConfirmsDirty = true;
                MarkDirty();
            }
        }
    }

    private void WriteReturn(Channel channel, Message message, ushort code)
    {
        FrameWriter.WriteMethod(_output, channel.Number, new BasicReturn
        {
            ReplyCode = code,
            ReplyText = ReplyCode.Name(code),
            Exchange = message.Exchange,
            RoutingKey = message.RoutingKey,
        });
        FrameWriter.WriteContent(_output, channel.Number, BasicPublish.ClassIndex, message.Properties.Span, message.Body.Span, _frameMax);
        MarkDirty();
    }

    private void OnPublishConfirmed(QueuePublishConfirmed confirmed)
    {
        if (_channels.TryGetValue(confirmed.Channel, out var channel) && channel.Confirms is { } confirms
            && confirms.Confirm(confirmed.SeqNo, confirmed.Ack) && confirms.IsReady)
        {
            channel.ConfirmsDirty = true;
            MarkDirty();
        }
    }

    private void OnPublishConfirmed(QueuePublishConfirmedRuns confirmed)
    {
        var runs = confirmed.Runs;
        for (int i = 0; i < runs.Length; i++)
        {
            var run = runs[i];
            if (_channels.TryGetValue(run.Channel, out var channel) && channel.Confirms is { } confirms
                && confirms.ConfirmRange(run.First, run.Last) && confirms.IsReady)
            {
                channel.ConfirmsDirty = true;
                MarkDirty();
            }
        }
    }

    private void OnConfirmSelect(Channel channel, ConfirmSelect select)
    {
        if (channel.Transactional)
        {
            throw Error(ReplyCode.PreconditionFailed, "cannot switch from tx to confirm mode");
        }

        channel.Confirms ??= new ConfirmTracker();
        if (!select.NoWait)
        {
            FrameWriter.WriteMethod(_output, channel.Number, new ConfirmSelectOk());
            MarkDirty();
        }
    }

    private void OnTxSelect(Channel channel)
    {
        if (channel.Confirms is not null)
        {
            throw Error(ReplyCode.PreconditionFailed, "cannot switch from confirm to tx mode");
        }

        channel.Transactional = true;
        FrameWriter.WriteMethod(_output, channel.Number, new TxSelectOk());
        MarkDirty();
    }

    private void OnTxCommit(Channel channel)
    {
        if (!channel.Transactional)
        {
            throw Error(ReplyCode.PreconditionFailed, "channel is not transactional");
        }

        var vhost = _vhost!;
        foreach (var pending in channel.TxPublishes)
        {
            _targets.Clear();
            foreach (var name in pending.Queues)
            {
                if (vhost.FindQueue(name) is { } queue)
                {
                    _targets.Add(queue);
                }
            }

            SendToQueues(channel, pending.Message, _targets);
        }

        channel.TxPublishes.Clear();
        var settles = channel.TxSettles.ToArray();
        channel.TxSettles.Clear();
        foreach (var settle in settles)
        {
            ApplySettle(channel, settle.DeliveryTag, settle.Multiple, settle.Kind);
        }

        FrameWriter.WriteMethod(_output, channel.Number, new TxCommitOk());
        MarkDirty();
    }

    private void OnTxRollback(Channel channel)
    {
        if (!channel.Transactional)
        {
            throw Error(ReplyCode.PreconditionFailed, "channel is not transactional");
        }

        channel.TxPublishes.Clear();
        channel.TxSettles.Clear();
        FrameWriter.WriteMethod(_output, channel.Number, new TxRollbackOk());
        MarkDirty();
    }
}
