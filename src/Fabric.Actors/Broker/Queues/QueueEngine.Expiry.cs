namespace Fabric.Broker.Queues;

public sealed partial class QueueEngine
{
    /// <summary>
    /// When the earliest head message expires (ms), or null when no timer is needed. As in RabbitMQ, a message
    /// only expires on reaching the head of its queue (of its priority), so only heads are considered.
    /// </summary>
    public long? NextExpiryDueMs
    {
        get
        {
            if (_ready.ExpiringCount == 0) return null;
            var due = long.MaxValue;
            for (var i = 0; i < _ready.LaneCount; i++)
            {
                var lane = _ready.Lane(i);
                if (lane.Count == 0) continue;
                var expiresAt = lane.PeekHead().ExpiresAtMs;
                if (expiresAt < due) due = expiresAt;
            }
            return due == long.MaxValue ? null : due;
        }
    }

    /// <summary>Timer callback: removes (dead-letters, reason <c>expired</c>) expired head messages; returns how many.</summary>
    public int ExpireDue(long nowMs)
    {
        var expired = ExpireHeads(nowMs);
        if (expired > 0) RunQueue(nowMs);
        return expired;
    }

    /// <summary>When the queue will have been unused for x-expires (ms), or null if it cannot expire now.</summary>
    public long? ExpiresDueMs =>
        Arguments.ExpiresMs is { } expires && _consumers.Count == 0 ? _lastUsedMs + expires : null;

    /// <summary>x-expires: no consumers, no basic.get and no redeclare for that long; the actor then deletes the queue.</summary>
    public bool ShouldExpire(long nowMs) => ExpiresDueMs is { } due && nowMs >= due;

    /// <summary>The queue was used (redeclared, or similar): restarts the x-expires clock.</summary>
    public void Touch(long nowMs) => _lastUsedMs = nowMs;

    private int ExpireHeads(long nowMs)
    {
        if (_ready.ExpiringCount == 0) return 0;
        var expired = 0;
        for (var i = _ready.LaneCount - 1; i >= 0; i--)
        {
            var lane = _ready.Lane(i);
            while (lane.Count > 0 && lane.PeekHead().ExpiresAtMs <= nowMs)
            {
                RemoveDead(_ready.PopHead(lane), DeadLetterReason.Expired);
                expired++;
            }
        }
        return expired;
    }
}
