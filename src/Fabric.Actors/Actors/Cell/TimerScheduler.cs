namespace Fabric.Actors.Cell;

/// <summary>An actor's keyed timers; used only from the actor's own turn.</summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private Dictionary<object, Timer>? _timers; // created by the first timer: most actors never start one
    private int _generation;

    public void StartSingleTimer(object key, object message, TimeSpan timeout) => Start(key, message, timeout, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers is not null && _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers is not null && _timers.Remove(key, out var timer)) timer.Task.Cancel();
    }

    public void CancelAll()
    {
        if (_timers is null) return;
        foreach (var timer in _timers.Values) timer.Task.Cancel();
        _timers.Clear();
    }

    /// <summary>True if this timer message is still current (a single timer is then done).</summary>
    internal bool Accept(TimerMessage message)
    {
        if (_timers is null || !_timers.TryGetValue(message.Key, out var timer) || timer.Generation != message.Generation)
            return false;
        if (!timer.Repeat) _timers.Remove(message.Key);
        return true;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var generation = ++_generation;
        var wrapped = new TimerMessage(key, generation, message);
        var scheduler = cell.System.Scheduler;
        var task = interval is { } every
            ? scheduler.ScheduleTellRepeatedly(delay, every, cell.Self, wrapped, null)
            : scheduler.ScheduleTellOnce(delay, cell.Self, wrapped, null);
        (_timers ??= [])[key] = new Timer(generation, task, interval != null);
    }

    private sealed record Timer(int Generation, ICancelable Task, bool Repeat);
}
