namespace Fabric.Broker.Queues;

public sealed partial class QueueEngine
{
    /// <summary>
    /// basic.consume. <paramref name="prefetch"/> 0 = unlimited (ignored when <paramref name="noAck"/>);
    /// <paramref name="priority"/> is the x-priority argument; <paramref name="channelPrefetch"/> (basic.qos
    /// global, 0 = none) limits the unacked deliveries of all the channel's consumers of this queue together.
    /// Returns null, or the error to close the channel with.
    /// </summary>
    public QueueError? AddConsumer(
        string tag, long channelKey, bool noAck, bool exclusive, int prefetch, int priority, long nowMs,
        int channelPrefetch = 0)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentOutOfRangeException.ThrowIfNegative(prefetch);
        if (_consumers.Contains(channelKey, tag))
            return new QueueError(QueueError.NotAllowed, $"attempt to reuse consumer tag '{tag}'");
        if (_consumers.Exclusive is not null
            || exclusive && (_consumers.Count > 0 || Arguments.SingleActiveConsumer))
            return new QueueError(QueueError.AccessRefused, $"{Described} in exclusive use");

        _consumers.Add(tag, channelKey, noAck, exclusive, prefetch, priority, channelPrefetch);
        _lastUsedMs = nowMs;
        RunQueue(nowMs);
        return null;
    }

    /// <summary>
    /// basic.cancel. The consumer's unacked deliveries stay unacked until its channel settles them or closes.
    /// Returns false if there is no such consumer.
    /// </summary>
    public bool RemoveConsumer(long channelKey, string tag, long nowMs)
    {
        if (_consumers.Remove(channelKey, tag) is null) return false;
        AfterConsumersRemoved(nowMs);
        return true;
    }

    private void AfterConsumersRemoved(long nowMs)
    {
        // x-expires counts from the moment the queue became unused.
        if (_consumers.Count == 0) _lastUsedMs = nowMs;
        // A single-active-consumer hand-over may have made someone able to take messages.
        RunQueue(nowMs);
    }
}
