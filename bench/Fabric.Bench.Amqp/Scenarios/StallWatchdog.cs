using Fabric.Bench.Amqp.Measurement;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Cancels a scenario whose <see cref="ProgressCounter"/> has not moved for a while (a broker that accepts
/// work but never answers fails in seconds, not at the hard time limit). Checks once a second.</summary>
internal sealed class StallWatchdog : IDisposable
{
    private readonly ProgressCounter _progress;
    private readonly CancellationTokenSource _cancel;
    private readonly TimeSpan _limit;
    private readonly Timer _timer;
    private long _lastValue = -1;
    private DateTime _lastMoveUtc = DateTime.UtcNow;

    public StallWatchdog(ProgressCounter progress, CancellationTokenSource cancel, TimeSpan limit)
    {
        _progress = progress;
        _cancel = cancel;
        _limit = limit;
        _timer = new Timer(static s => ((StallWatchdog)s!).Check(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>True when this watchdog cancelled the scenario.</summary>
    public bool Stalled { get; private set; }

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        long value = _progress.Value;
        var now = DateTime.UtcNow;
        if (value != _lastValue)
        {
            _lastValue = value;
            _lastMoveUtc = now;
            return;
        }
        if (now - _lastMoveUtc < _limit || _cancel.IsCancellationRequested) return;
        Stalled = true;
        _cancel.Cancel();
    }
}
