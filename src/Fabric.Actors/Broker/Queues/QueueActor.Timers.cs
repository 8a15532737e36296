namespace Fabric.Broker.Queues;

internal sealed partial class QueueActor
{
    // One timer per concern; it is only moved when something becomes due earlier than it is set for, and on firing
    // the engine says what is really due (the rest is rescheduled).
    private long _expiryTimerDue = long.MaxValue;
    private long _expiresTimerDue = long.MaxValue;

    private void ScheduleTimers()
    {
        if (_engine.NextExpiryDueMs is { } expiry && expiry < _expiryTimerDue)
        {
            _expiryTimerDue = expiry;
            Timers.StartSingleTimer(ExpiryTick.Instance, ExpiryTick.Instance, Delay(expiry));
        }
        if (_engine.ExpiresDueMs is { } expires && expires < _expiresTimerDue)
        {
            _expiresTimerDue = expires;
            Timers.StartSingleTimer(ExpiresTick.Instance, ExpiresTick.Instance, Delay(expires));
        }
    }

    private void OnExpiryTick()
    {
        _expiryTimerDue = long.MaxValue;
        _engine.ExpireDue(Now);
    }

    private void OnExpiresTick()
    {
        _expiresTimerDue = long.MaxValue;
        if (_engine.ShouldExpire(Now)) DeleteSelf(null);
    }

    private TimeSpan Delay(long dueMs) => TimeSpan.FromMilliseconds(Math.Max(0, dueMs - Now + 1));

    private sealed class ExpiryTick
    {
        public static readonly ExpiryTick Instance = new();
    }

    private sealed class ExpiresTick
    {
        public static readonly ExpiresTick Instance = new();
    }

    private sealed class StopTick
    {
        public static readonly StopTick Instance = new();
    }
}
