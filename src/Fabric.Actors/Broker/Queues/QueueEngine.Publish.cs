using Fabric.Broker.Messages;

namespace Fabric.Broker.Queues;

public sealed partial class QueueEngine
{
    /// <summary>
    /// A message routed to this queue. Follows RabbitMQ's deliver_or_enqueue: reject-publish overflow is checked
    /// first; an empty queue hands the message straight to a consumer that can take it (even if its TTL is 0);
    /// otherwise it is queued, drop-head applies, and expired heads are removed.
    /// </summary>
    public EnqueueResult Enqueue(Message message, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Arguments.Overflow != OverflowBehavior.DropHead && WouldOverflow(message))
        {
            if (Arguments.Overflow == OverflowBehavior.RejectPublishDlx && Arguments.DeadLetterExchange is not null)
                _effects.DeadLetter(message, DeadLetterReason.MaxLen, Name);
            return EnqueueResult.Rejected;
        }

        var entry = new QueueEntry(_nextId++, message, ExpiryOf(message, nowMs), false, Durable && message.Persistent);
        if (_ready.Count == 0)
        {
            var consumer = _consumers.PeekAvailable();
            if (consumer is not null)
            {
                if (consumer.NoAck)
                    entry.Persisted = false; // gone at once: nothing to journal
                else if (entry.Persisted)
                    _effects.PersistEnqueue(entry.Id, message, entry.ExpiresAtMs);
                DeliverTo(consumer, entry);
                return EnqueueResult.Accepted;
            }
            if (entry.ExpiresAtMs <= nowMs)
            {
                // Already expired and nobody can take it: it would be the head, so it dies at once.
                entry.Persisted = false;
                RemoveDead(entry, DeadLetterReason.Expired);
                return EnqueueResult.Accepted;
            }
        }

        if (entry.Persisted) _effects.PersistEnqueue(entry.Id, message, entry.ExpiresAtMs);
        _ready.Insert(entry);
        DropHeadWhileOverLimit();
        ExpireHeads(nowMs);
        RunQueue(nowMs);
        return EnqueueResult.Accepted;
    }

    /// <summary>
    /// Rebuilds state from the journal (recovery): the message goes back to ready in id order; nothing is
    /// journalled again. Call before any consumer is added.
    /// </summary>
    public void Restore(long messageId, Message message, bool redelivered, long expiresAtMs = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(messageId, 1);
        _ready.Insert(new QueueEntry(messageId, message, expiresAtMs, redelivered, persisted: true));
        if (messageId >= _nextId) _nextId = messageId + 1;
    }

    private bool WouldOverflow(Message message) =>
        Arguments.MaxLength is { } maxLength && _ready.Count + 1 > maxLength
        || Arguments.MaxLengthBytes is { } maxBytes && _ready.Bytes + message.BodySize > maxBytes;

    private bool IsOverLimit =>
        Arguments.MaxLength is { } maxLength && _ready.Count > maxLength
        || Arguments.MaxLengthBytes is { } maxBytes && _ready.Bytes > maxBytes;

    /// <summary>x-overflow drop-head: drop from the head (dead-letter with maxlen) until within the limits.</summary>
    private void DropHeadWhileOverLimit()
    {
        if (Arguments.Overflow != OverflowBehavior.DropHead) return;
        while (_ready.Count > 0 && IsOverLimit)
        {
            var entry = _ready.PopHead(_ready.HeadLane()!);
            RemoveDead(entry, DeadLetterReason.MaxLen);
        }
    }

    /// <summary>Absolute expiry from the queue's x-message-ttl and the message's expiration, the smaller wins.</summary>
    private long ExpiryOf(Message message, long nowMs)
    {
        var ttl = Arguments.MessageTtlMs;
        if (message.ExpirationMs is { } perMessage && (ttl is null || perMessage < ttl)) ttl = perMessage;
        if (ttl is not { } t) return long.MaxValue;
        return t >= long.MaxValue - nowMs ? long.MaxValue - 1 : nowMs + t;
    }
}
