using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Durability;

/// <summary>
/// A restarted queue (docs/DURABILITY.md §3, "Restart"): the failed incarnation hands over the confirms of its write
/// still in flight (sent or nacked here when that write completes) and the ids it had delivered; the next one waits
/// for that write and any compaction, then reads the snapshot and events like node-start recovery. Consecutive
/// restarts back off (<see cref="RestartBackoff"/>).
/// </summary>
internal sealed partial class QueueStore
{
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
    private readonly RestartBackoff _backoff = new();

    private void Submitted(long highestSequenceNr)
    {
        lock (_gate) _submittedTo = Math.Max(_submittedTo, highestSequenceNr);
    }

    private void Completed(long highestSequenceNr, Exception? error)
    {
        PendingConfirms? orphaned = null;
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            _completedTo = Math.Max(_completedTo, highestSequenceNr);
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

    /// <summary>How long a restarted incarnation waits before reloading (see <see cref="RestartBackoff"/>).</summary>
    public TimeSpan NextReloadDelay(out int streak) => _backoff.Next(Environment.TickCount64, out streak);

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
