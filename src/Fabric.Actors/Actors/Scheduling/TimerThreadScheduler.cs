using System.Diagnostics;

namespace Fabric.Actors.Scheduling;

/// <summary>
/// One background thread sleeping on a monitor until the earliest due item (a priority queue keyed by Stopwatch
/// time): no CPU while idle. Cancelled items are skipped when due and purged in bulk when the queue grows.
/// </summary>
internal sealed class TimerThreadScheduler : IScheduler, IDisposable
{
    private const int MinPurgeThreshold = 4096;

    private readonly object _lock = new();
    private readonly PriorityQueue<ScheduledItem, long> _queue = new();
    private readonly Thread _thread;
    private readonly Action<Exception> _onError;
    private readonly long _tick;
    private int _purgeThreshold = MinPurgeThreshold;
    private bool _disposed;

    /// <param name="tick">Items due within one tick are run together instead of sleeping again (null: 1 ms).</param>
    public TimerThreadScheduler(string name, TimeSpan? tick, Action<Exception> onError)
    {
        _onError = onError;
        _tick = ToTicks(tick ?? TimeSpan.FromMilliseconds(1));
        _thread = new Thread(Loop) { IsBackground = true, Name = $"fabric-scheduler-{name}" };
        _thread.UnsafeStart(); // no ExecutionContext flow (keeps ambient state out of the timer thread)
    }

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        return Schedule(new ScheduledItem(DueIn(delay), 0, receiver, message, sender));
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "Interval must be positive");
        return Schedule(new ScheduledItem(DueIn(initialDelay), ToTicks(interval), receiver, message, sender));
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Schedule(new ScheduledItem(DueIn(delay), action));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _queue.Clear();
            Monitor.PulseAll(_lock);
        }
    }

    private static long ToTicks(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static long DueIn(TimeSpan delay) => Stopwatch.GetTimestamp() + ToTicks(delay);

    private ScheduledItem Schedule(ScheduledItem item)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                item.Cancel();
                return item;
            }
            if (_queue.Count >= _purgeThreshold) PurgeCancelled();
            _queue.Enqueue(item, item.Due);
            if (_queue.TryPeek(out var head, out _) && ReferenceEquals(head, item)) Monitor.Pulse(_lock);
        }
        return item;
    }

    private void PurgeCancelled()
    {
        var live = new List<(ScheduledItem, long)>(_queue.Count);
        foreach (var (element, priority) in _queue.UnorderedItems)
            if (!element.IsCancellationRequested) live.Add((element, priority));
        _queue.Clear();
        _queue.EnqueueRange(live);
        _purgeThreshold = Math.Max(MinPurgeThreshold, _queue.Count * 2);
    }

    private void Loop()
    {
        while (true)
        {
            ScheduledItem item;
            lock (_lock)
            {
                while (true)
                {
                    if (_disposed) return;
                    if (!_queue.TryPeek(out var head, out var due))
                    {
                        Monitor.Wait(_lock);
                        continue;
                    }
                    if (head.IsCancellationRequested)
                    {
                        _queue.Dequeue();
                        continue;
                    }
                    var now = Stopwatch.GetTimestamp();
                    if (due - now > _tick)
                    {
                        var ms = (int)Math.Min(int.MaxValue, Math.Ceiling((due - now) * 1000.0 / Stopwatch.Frequency));
                        Monitor.Wait(_lock, Math.Max(1, ms));
                        continue;
                    }
                    item = _queue.Dequeue();
                    break;
                }
            }
            try
            {
                item.Run();
            }
            catch (Exception ex)
            {
                _onError(ex);
            }
            if (item.Interval > 0 && !item.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                item.Due = Math.Max(item.Due + item.Interval, now);
                Schedule(item);
            }
        }
    }
}
