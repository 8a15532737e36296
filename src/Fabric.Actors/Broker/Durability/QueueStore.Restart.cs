using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Durability;

/// <summary>
/// A restarted queue (docs/DURABILITY.md §3, "Restart"): the failed incarnation hands over the confirms of its write
/// still in flight (sent or nacked here when that write completes) and the ids it had delivered; the next one waits
/// for that write and any compaction, then reads the snapshot and events like node-start recovery. Consecutive
/// restarts back off, so a store that keeps failing does not make the queue spin.
/// </summary>
internal sealed partial class QueueStore
{
    /// <summary>Restarts closer together than this count as one streak (each waits longer before reloading).</summary>
    internal static readonly TimeSpan RestartStreakWindow = TimeSpan.FromMinutes(1);

    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    // Write callbacks come on the store's threads; the rest is touched by the queue's incarnations only (one at a time).
    private readonly object _gate = new();
    private long _submittedTo;
    private long _completedTo;
    private Exception? _completedError;
    private TaskCompletionSource? _drained;
    private PendingConfirms? _orphanedConfirms;
    private long _orphanedTo;

    private readonly List<Task> _compactions = [];
    private long[] _deliveredHint = [];
    private int _restartStreak;
    private long _lastRestartMs;

    /// <summary>The last reload failed: the retrying incarnation nacks publishes instead of holding them.</summary>
    public bool ReloadFailed { get; set; }

    private void Submitted(long highestSequenceNr)
    {
        lock (_gate) _submittedTo = highestSequenceNr;
    }

    private void Completed(long highestSequenceNr, Exception? error)
    {
        PendingConfirms? orphaned = null;
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            _completedTo = highestSequenceNr;
            _completedError = error;
            if (_orphanedConfirms is not null && highestSequenceNr >= _orphanedTo)
                (orphaned, _orphanedConfirms) = (_orphanedConfirms, null);
            if (_drained is not null && highestSequenceNr >= _submittedTo) (drained, _drained) = (_drained, null);
        }
        if (orphaned is not null) Settle(orphaned, error);
        drained?.SetResult();
    }

    /// <summary>
    /// Called by a failing incarnation: <paramref name="writing"/> (null: no write in flight) are the confirms of its
    /// write in flight, acked or nacked when it completes; <paramref name="deliveredIds"/> the live messages it had
    /// delivered (the next incarnation brings them back redelivered even if the journal has not recorded it yet).
    /// </summary>
    public void HandOver(PendingConfirms? writing, long[] deliveredIds)
    {
        _deliveredHint = deliveredIds;
        if (writing is null || writing.IsEmpty) return;
        Exception? error;
        lock (_gate)
        {
            if (_completedTo < _submittedTo)
            {
                (_orphanedConfirms, _orphanedTo) = (writing, _submittedTo);
                return;
            }
            error = _completedError;
        }
        Settle(writing, error);
    }

    private void Settle(PendingConfirms confirms, Exception? error)
    {
        if (error is null) confirms.SendAll(_owner);
        else confirms.NackAll(_owner);
    }

    /// <summary>The ids <see cref="HandOver"/> left, once.</summary>
    public long[] TakeDeliveredHint()
    {
        var hint = _deliveredHint;
        _deliveredHint = [];
        return hint;
    }

    /// <summary>
    /// How long a restarted incarnation waits before reloading: not at all after a first failure, then 100 ms
    /// doubling up to 10 s while restarts follow each other within <see cref="RestartStreakWindow"/>.
    /// </summary>
    public TimeSpan NextReloadDelay(out int streak)
    {
        var now = Environment.TickCount64;
        _restartStreak = _restartStreak == 0 || now - _lastRestartMs > (long)RestartStreakWindow.TotalMilliseconds
            ? 1
            : _restartStreak + 1;
        _lastRestartMs = now;
        streak = _restartStreak;
        if (streak == 1) return TimeSpan.Zero;
        var ms = FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(streak - 2, 16));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxRetryDelay.TotalMilliseconds));
    }

    /// <summary>
    /// The restarted incarnation's state: after <paramref name="delay"/>, once the failed incarnation's write in flight
    /// and its compactions are done (so what they stored is read, and nothing is read twice or half-deleted), the
    /// snapshot and later events as at node start; <see cref="LastSequenceNr"/> is the journal's highest again.
    /// </summary>
    public Task<QueueRecovery> ReloadAsync(TimeSpan delay, ILogger? logger, CancellationToken cancellationToken = default)
    {
        var compactions = _compactions.ToArray();
        _compactions.Clear();
        Task writes;
        lock (_gate)
        {
            if (_completedTo >= _submittedTo) writes = Task.CompletedTask;
            else writes = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        return ReloadAfterAsync(delay, writes, compactions, logger, cancellationToken);
    }

    private async Task<QueueRecovery> ReloadAfterAsync(TimeSpan delay, Task writes, Task[] compactions, ILogger? logger,
        CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        await writes.ConfigureAwait(false);
        foreach (var compaction in compactions)
        {
            try
            {
                await compaction.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // a failed compaction only leaves more to read
            }
        }
        return await LoadAsync(logger, cancellationToken).ConfigureAwait(false);
    }
}
