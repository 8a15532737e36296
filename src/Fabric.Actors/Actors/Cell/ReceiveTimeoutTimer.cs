using System.Diagnostics;

namespace Fabric.Actors.Cell;

/// <summary>
/// One timer per actor with a receive timeout: messages only stamp the time of last activity (no timer churn per
/// message); when the timer fires it either delivers <see cref="ReceiveTimeout"/> or re-arms for the remainder.
/// </summary>
internal sealed class ReceiveTimeoutTimer
{
    private readonly IActorRef _self;
    private readonly IScheduler _scheduler;
    private readonly long _timeoutTicks;
    private readonly Action _fire;
    private long _lastActivity;
    private volatile bool _cancelled;
    private ICancelable? _pending;

    public ReceiveTimeoutTimer(IActorRef self, IScheduler scheduler, TimeSpan timeout)
    {
        _self = self;
        _scheduler = scheduler;
        Timeout = timeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _fire = Fire;
        _lastActivity = Stopwatch.GetTimestamp();
        _pending = scheduler.ScheduleOnce(timeout, _fire);
    }

    public TimeSpan Timeout { get; }

    public void Touch() => Volatile.Write(ref _lastActivity, Stopwatch.GetTimestamp());

    public void Cancel()
    {
        _cancelled = true;
        Volatile.Read(ref _pending)?.Cancel();
    }

    private void Fire()
    {
        if (_cancelled) return;
        var now = Stopwatch.GetTimestamp();
        var idle = now - Volatile.Read(ref _lastActivity);
        long wait;
        if (idle >= _timeoutTicks)
        {
            _self.Tell(Actors.ReceiveTimeout.Instance);
            Volatile.Write(ref _lastActivity, now);
            wait = _timeoutTicks;
        }
        else
        {
            wait = _timeoutTicks - idle;
        }
        if (!_cancelled)
            Volatile.Write(ref _pending, _scheduler.ScheduleOnce(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), _fire));
    }
}
