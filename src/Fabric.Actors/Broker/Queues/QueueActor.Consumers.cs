using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Broker.Buffers;
using Fabric.Broker.Contracts;
using Fabric.Broker.VirtualHosts;

namespace Fabric.Broker.Queues;

internal sealed partial class QueueActor
{
    // Where the consumers of each channel get their deliveries: the connection actor and the channel number.
    private Dictionary<long, ConsumerChannel>? _channels; // created by the first consumer
    private bool _hadConsumer;

    private void Consume(QueueConsume consume)
    {
        if (_exclusiveOwner is { } owner && owner != consume.ConnectionId)
        {
            Sender.Tell(new QueueReply(BrokerErrors.QueueLocked(_name, _vhost.Name, ConsumeId)), Self);
            return;
        }
        var priority = consume.Arguments.TryGetLong("x-priority", out var p) ? (int)Math.Clamp(p, int.MinValue, int.MaxValue) : 0;
        var channels = _channels ??= new Dictionary<long, ConsumerChannel>();
        if (!channels.TryGetValue(consume.ChannelKey, out var channel))
            channels[consume.ChannelKey] = channel = new ConsumerChannel(consume.Connection, consume.Channel, consume.Batched);
        channel.Consumers++;

        // consume-ok must reach the connection before the first delivery: hold deliveries until the reply is sent.
        _effects.HoldDeliveries();
        var error = _engine.AddConsumer(consume.ConsumerTag, consume.ChannelKey, consume.NoAck, consume.Exclusive,
            consume.Prefetch, priority, Now, consume.ChannelPrefetch, consume.Credit);
        if (error is not null)
        {
            ConsumerGone(consume.ChannelKey);
            _effects.ReleaseDeliveries();
            Sender.Tell(new QueueReply(new AmqpProtocolException(error.ReplyCode, error.ReplyText, ConsumeId.ClassId,
                ConsumeId.Method)), Self);
            return;
        }
        _hadConsumer = true;
        Sender.Tell(QueueReply.Ok, Self);
        _effects.ReleaseDeliveries();
    }

    private void Cancel(QueueCancel cancel)
    {
        if (_engine.RemoveConsumer(cancel.ChannelKey, cancel.ConsumerTag, Now)) ConsumerGone(cancel.ChannelKey);
        // The vhost hears of an auto-delete before the client hears cancel-ok (and could redeclare the queue).
        MaybeAutoDelete();
        Sender.Tell(QueueReply.Ok, Self);
    }

    private void ChannelClosed(QueueChannelClosed closed)
    {
        _engine.ChannelClosed(closed.ChannelKey, Now);
        _channels?.Remove(closed.ChannelKey);
        MaybeAutoDelete();
    }

    private void ConsumerGone(long channelKey)
    {
        if (_channels is { } channels && channels.TryGetValue(channelKey, out var channel) && --channel.Consumers <= 0)
            channels.Remove(channelKey);
    }

    /// <summary>Server-side basic.cancel for every consumer (queue deleted, or this instance is being restarted).</summary>
    private void CancelAllConsumers()
    {
        _effects.Flush(); // deliveries made before go first
        var consumers = _engine.Consumers;
        for (var i = 0; i < consumers.Count; i++)
        {
            if (_channels is not null && _channels.TryGetValue(consumers[i].ChannelKey, out var channel))
                channel.Connection.Tell(new QueueConsumerCancelled(channel.Channel, consumers[i].Tag), Self);
        }
        _channels?.Clear();
    }

    private void TrimConsumerChannels()
    {
        if (_channels is null) return;
        foreach (var channel in _channels.Values) channel.TrimExcess();
    }

    /// <summary>An auto-delete queue goes once it has had a consumer and the last one has gone.</summary>
    private void MaybeAutoDelete()
    {
        if (_autoDelete && _hadConsumer && _engine.ConsumerCount == 0) DeleteSelf(null);
    }

    private sealed class ConsumerChannel(IActorRef connection, ushort channel, bool batched)
    {
        private QueueDelivery[] _pending = []; // reused; each batch goes out as an exact-size copy
        private int _count;

        public IActorRef Connection { get; } = connection;

        public ushort Channel { get; } = channel;

        /// <summary>Takes <see cref="QueueDeliveries"/>: deliveries are gathered and sent by <see cref="Flush"/>.</summary>
        public bool Batched { get; } = batched;

        public int Consumers { get; set; }

        /// <summary>Gathers a delivery; true when it is the first since the last flush.</summary>
        public bool Add(in QueueDelivery delivery)
        {
            if (_count == _pending.Length) Array.Resize(ref _pending, Math.Max(32, _pending.Length * 2));
            _pending[_count++] = delivery;
            return _count == 1;
        }

        /// <summary>Sends what was gathered: one delivery as <see cref="QueueDeliver"/>, more as one batch.</summary>
        public void Flush(string queue, IActorRef self)
        {
            if (_count == 0) return;
            if (_count == 1)
            {
                var d = _pending[0];
                Connection.Tell(new QueueDeliver(Channel, d.ConsumerTag, queue, d.MessageId, d.Message, d.Redelivered), self);
            }
            else
            {
                Connection.Tell(new QueueDeliveries(Channel, queue, _pending.AsSpan(0, _count).ToArray()), self);
            }
            Array.Clear(_pending, 0, _count);
            _count = 0;
        }

        /// <summary>On the idle sweep: the gathering array a burst grew goes (nothing is gathered between messages).</summary>
        public void TrimExcess()
        {
            if (_count == 0 && _pending.Length > SpareCapacity.Small) _pending = [];
        }
    }
}
