namespace Fabric.Broker.Queues;

public sealed partial class QueueEngine
{
    /// <summary>
    /// basic.consume. <paramref name="prefetch"/> 0 = unlimited (ignored when <paramref name="noAck"/>);
    /// <paramref name="priority"/> is the x-priority argument; <paramref name="channelPrefetch"/> (basic.qos
    /// global, 0 = none) limits the unacked deliveries of all the channel's consumers of this queue together.
    /// <paramref name="credit"/> (no-ack only, 0 = unbounded): at most this many deliveries in flight to the
    /// connection until it returns them with <see cref="ReturnCredit"/>.
    /// Returns null, or the error to close the channel with.
    /// </summary>
    public QueueError? AddConsumer(
        string tag, long channelKey, bool noAck, bool exclusive, int prefetch, int priority, long nowMs,
        int channelPrefetch = 0, int credit = 0)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentOutOfRangeException.ThrowIfNegative(prefetch);
        ArgumentOutOfRangeException.ThrowIfNegative(credit);
        if (_consumers.Contains(channelKey, tag))
            return new QueueError(QueueError.NotAllowed, $"attempt to reuse consumer tag '{tag}'");
        if (_consumers.Exclusive is not null
            || exclusive && (_consumers.Count > 0 || Arguments.SingleActiveConsumer))
            return new QueueError(QueueError.AccessRefused, $"{Described} in exclusive use");

        _consumers.Add(tag, channelKey, noAck, exclusive, prefetch, priority, channelPrefetch, credit);
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

    /// <summary>
    /// The connection of a no-ack consumer with a credit has written <paramref name="written"/> of its deliveries to
    /// the socket: that many more may be handed over. Unknown consumers (cancelled meanwhile) are ignored.
    /// </summary>
    public void ReturnCredit(long channelKey, string tag, int written, long nowMs)
    {
        if (written <= 0 || _consumers.Find(channelKey, tag) is not { Credit: > 0 } consumer) return;
        consumer.InFlight = Math.Max(0, consumer.InFlight - written);
        _consumers.MakeAvailable(consumer);
        RunQueue(nowMs);
    }

    private void AfterConsumersRemoved(long nowMs)
    {
        // x-expires counts from the moment the queue became unused.
        if (_consumers.Count == 0) _lastUsedMs = nowMs;
        // A single-active-consumer hand-over may have made someone able to take messages.
        RunQueue(nowMs);
    }
}
