using Fabric.Actors;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;

namespace Fabric.Broker.Queues;

/// <summary>
/// A durable queue's persistence (docs/DURABILITY.md §3-§5): recovered messages restored into the engine at start;
/// each mailbox turn's journal events go out as one atomic write, at most one in flight (what accumulates meanwhile
/// goes into the next: group commit); confirms of persistent messages wait for their write; compaction as planned.
/// </summary>
internal sealed partial class QueueActor
{
    private readonly QueueStore? _store;
    private readonly QueueJournal? _queueJournal;
    // Only a durable queue (with a store) has these (set in the constructor).
    private readonly List<object> _events = null!;
    // Confirms and other replies that wait for durability (purge-ok's count).
    private PendingConfirms _pendingConfirms = null!;
    private PendingConfirms _writingConfirms = null!;
    private bool _writing;
    // A write holding only delivered/removed ids waits for this timer (or for a write someone waits for).
    private bool _idsWriteDue;

    /// <summary>How long delivered/removed ids with nobody waiting for them may stay unwritten.</summary>
    internal static readonly TimeSpan IdsWriteDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>The first incarnation takes what node-start recovery read; a restarted one reloads (QueueActor.Reload.cs).</summary>
    private void Recover(QueueStore store)
    {
        if (store.TakeRecovery() is { } recovery) Restore(recovery, []);
        else _reloading = true;
    }

    /// <summary>
    /// Recovered messages into the engine, ready in id order; redelivered when recorded as delivered or in
    /// <paramref name="delivered"/> (those are journalled again with the next write).
    /// </summary>
    private void Restore(QueueRecovery recovery, long[] delivered)
    {
        _queueJournal!.Seed(recovery, _store!.LastSequenceNr, _store.SnapshotSequenceNr);
        foreach (var id in delivered) _queueJournal.Delivered(id);
        recovery.RestoreInto(_engine);
    }

    /// <summary>
    /// After each command: starts a write of what was journalled, or confirms at once with nothing to write. Only
    /// delivered/removed ids (no message, no confirm or reply waiting): they ride along with the next write, or go
    /// after <see cref="IdsWriteDelay"/> — an fsync per consumer ack batch would cost more than the messages' writes.
    /// </summary>
    private void WriteIfIdle()
    {
        if (_writing) return;
        if (_queueJournal!.PendingMessages == 0 && _pendingConfirms.IsEmpty)
        {
            if (_queueJournal.HasEvents && !_idsWriteDue)
            {
                _idsWriteDue = true;
                Timers.StartSingleTimer(QueueWriteDue.Instance, QueueWriteDue.Instance, IdsWriteDelay);
            }
            return;
        }
        Write();
    }

    private void OnWriteDue()
    {
        _idsWriteDue = false;
        if (!_writing && !_deleted) Write();
    }

    private void Write()
    {
        var first = _queueJournal!.NextSequenceNr;
        _events.Clear();
        if (_queueJournal.TakeEvents(_events) == 0)
        {
            _pendingConfirms.SendAll(Self);
            return;
        }
        (_writingConfirms, _pendingConfirms) = (_pendingConfirms, _writingConfirms);
        _store!.Write(_events, first);
        _writing = true;
        _events.Clear();
    }

    /// <summary>A stopping queue (node shutdown) hands what it journalled to the store, which writes it before closing.</summary>
    protected override void PostStop()
    {
        if (_store is null || _deleted) return;
        var first = _queueJournal!.NextSequenceNr;
        _events.Clear();
        if (_queueJournal.TakeEvents(_events) > 0) _store.Write(_events, first);
    }

    private void OnWriteCompleted(QueueWriteCompleted written)
    {
        if (!_writing) return; // a write of a failed incarnation: the store settled its confirms
        _writing = false;
        // The publishes this write and the next held are nacked: their publishers retry. The restarted queue reloads
        // what the journal holds (this write is not in it).
        if (written.Error is not null)
        {
            _writingConfirms.NackAll(Self);
            _pendingConfirms.NackAll(Self);
            throw new InvalidOperationException($"queue '{_name}' in vhost '{_vhost.Name}': journal write failed", written.Error);
        }
        _writingConfirms.SendAll(Self);
        if (_deleted)
        {
            _pendingConfirms.SendAll(Self);
            return;
        }
        if (_queueJournal!.PlanCompaction(written.HighestSequenceNr) is { } plan) _store!.Compact(plan);
        WriteIfIdle();
    }

    /// <summary>
    /// Answers once what this turn journalled is durable, after the confirms queued before it (at once without a
    /// store). purge-ok goes out this way: sent earlier, a crash right after it brought the purged messages back
    /// (found by the kill -9 tests on PostgreSQL).
    /// </summary>
    private void ReplyWhenDurable(IActorRef to, object reply)
    {
        if (_store is null) to.Tell(reply, Self);
        else _pendingConfirms.AddReply(to, reply);
    }

    /// <summary>A deleted durable queue's events (all taken so far) and snapshots go from the store.</summary>
    private long DeleteStored()
    {
        if (_store is null) return 0;
        var last = _queueJournal!.NextSequenceNr - 1;
        _ = _store.DeleteAllAsync(last);
        return last;
    }
}
