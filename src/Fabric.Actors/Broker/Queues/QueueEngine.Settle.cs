namespace Fabric.Broker.Queues;

public sealed partial class QueueEngine
{
    /// <summary>Settles ids whichever channel holds them (the single-argument Ack / Reject overloads).</summary>
    private const long AnyChannel = long.MinValue;

    /// <summary>
    /// basic.get. Returns false when no message is ready. With <paramref name="noAck"/> false the message is
    /// unacked for the channel until settled. The actor answers get-ok with <see cref="MessageCount"/>.
    /// </summary>
    public bool TryGet(long channelKey, bool noAck, long nowMs, out Delivery delivery)
    {
        _lastUsedMs = nowMs;
        while (_ready.HeadLane() is { } lane)
        {
            var entry = _ready.PopHead(lane);
            if (entry.ExpiresAtMs <= nowMs)
            {
                RemoveDead(entry, DeadLetterReason.Expired);
                continue;
            }
            entry.DeliveryCount++;
            delivery = new Delivery(null, channelKey, entry.Id, entry.Message, entry.Redelivered, entry.DeliveryCount);
            if (noAck)
            {
                if (entry.Persisted) _effects.PersistRemove(entry.Id);
            }
            else
            {
                _unacked.Add(entry.Id, new UnackedEntry(entry, null, channelKey));
                UnackedBytes += entry.Message.BodySize;
            }
            return true;
        }
        delivery = default;
        return false;
    }

    /// <summary>basic.ack of one delivery; false if the id is not unacked here.</summary>
    public bool Ack(long messageId, long nowMs) => Ack(new ReadOnlySpan<long>(in messageId), nowMs) == 1;

    /// <summary>basic.ack of a batch (multiple collapsed by the channel); returns how many were unacked here.</summary>
    public int Ack(ReadOnlySpan<long> messageIds, long nowMs) => Ack(AnyChannel, messageIds, nowMs);

    /// <summary>basic.ack of a batch by one channel: ids unacked by other channels are ignored.</summary>
    public int Ack(long channelKey, ReadOnlySpan<long> messageIds, long nowMs)
    {
        var settled = 0;
        for (var i = 0; i < messageIds.Length; i++)
        {
            if (!TakeUnacked(messageIds[i], channelKey, out var entry)) continue;
            if (entry.Persisted) _effects.PersistRemove(entry.Id);
            settled++;
        }
        if (settled > 0) RunQueue(nowMs);
        return settled;
    }

    /// <summary>basic.reject / basic.nack of one delivery.</summary>
    public bool Reject(long messageId, bool requeue, long nowMs) =>
        Reject(new ReadOnlySpan<long>(in messageId), requeue, nowMs) == 1;

    /// <summary>
    /// basic.reject / basic.nack of a batch. requeue: back to ready in their original position, redelivered;
    /// otherwise dead-lettered (reason <c>rejected</c>) if there is a DLX, else dropped.
    /// </summary>
    public int Reject(ReadOnlySpan<long> messageIds, bool requeue, long nowMs) =>
        Reject(AnyChannel, messageIds, requeue, nowMs);

    /// <summary>basic.reject / basic.nack of a batch by one channel: ids unacked by other channels are ignored.</summary>
    public int Reject(long channelKey, ReadOnlySpan<long> messageIds, bool requeue, long nowMs)
    {
        var settled = 0;
        for (var i = 0; i < messageIds.Length; i++)
        {
            if (!TakeUnacked(messageIds[i], channelKey, out var entry)) continue;
            if (requeue)
                Requeue(entry);
            else
                RemoveDead(entry, DeadLetterReason.Rejected);
            settled++;
        }
        if (settled > 0) AfterRequeue(nowMs);
        return settled;
    }

    /// <summary>The channel closed: its unacked go back to ready (original order, redelivered); its consumers go.</summary>
    public int ChannelClosed(long channelKey, long nowMs)
    {
        var removedConsumers = _consumers.RemoveChannel(channelKey);
        var requeued = RequeueChannel(channelKey);
        if (removedConsumers > 0)
            AfterConsumersRemoved(nowMs);
        if (requeued > 0 || removedConsumers > 0)
            AfterRequeue(nowMs);
        return requeued;
    }

    /// <summary>basic.recover(requeue=true): the channel's unacked go back to ready; its consumers stay.</summary>
    public int Recover(long channelKey, long nowMs)
    {
        var requeued = RequeueChannel(channelKey);
        if (requeued > 0) AfterRequeue(nowMs);
        return requeued;
    }

    private int RequeueChannel(long channelKey)
    {
        var ids = _scratchIds ??= [];
        ids.Clear();
        foreach (var pair in _unacked)
        {
            if (pair.Value.ChannelKey == channelKey) ids.Add(pair.Key);
        }
        for (var i = 0; i < ids.Count; i++)
        {
            TakeUnacked(ids[i], channelKey, out var entry);
            Requeue(entry);
        }
        var count = ids.Count;
        ids.Clear();
        return count;
    }

    /// <summary>
    /// Removes an unacked delivery of the channel (<see cref="AnyChannel"/>: of any) and gives its consumer the
    /// credit back.
    /// </summary>
    private bool TakeUnacked(long messageId, long channelKey, out QueueEntry entry)
    {
        if (!_unacked.Remove(messageId, out var unacked))
        {
            entry = default;
            return false;
        }
        if (channelKey != AnyChannel && unacked.ChannelKey != channelKey)
        {
            _unacked.Add(messageId, unacked); // another channel's (a stale settle): one lookup for the usual case
            entry = default;
            return false;
        }
        entry = unacked.Entry;
        UnackedBytes -= entry.Message.BodySize;
        if (unacked.Consumer is { } consumer)
        {
            consumer.Unacked--;
            if (consumer.Channel is { } credit) credit.Unacked--;
            _consumers.Released(consumer);
        }
        return true;
    }

    private void Requeue(QueueEntry entry)
    {
        entry.Redelivered = true;
        // x-delivery-limit is a quorum-queue feature; classic queues accept and ignore it, as RabbitMQ does.
        if (_isQuorum && Arguments.DeliveryLimit is { } limit && entry.DeliveryCount > limit)
        {
            RemoveDead(entry, DeadLetterReason.DeliveryLimit);
            return;
        }
        _ready.Insert(entry);
    }

    private void AfterRequeue(long nowMs)
    {
        DropHeadWhileOverLimit();
        ExpireHeads(nowMs);
        RunQueue(nowMs);
    }
}
