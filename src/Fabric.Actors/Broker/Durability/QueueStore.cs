using Fabric.Actors;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Snapshot;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Durability;

/// <summary>
/// The store of one durable queue (persistence id <c>queue|&lt;vhost&gt;|&lt;name&gt;</c>), used by its QueueActor:
/// recovery before the actor starts (snapshot, then later events), one atomic write per batch whose completion comes
/// back to the actor as <see cref="QueueWriteCompleted"/>, compaction and deletion. Writes, deletes and snapshot
/// saves of the store run through its single writer in submission order. It outlives the actor's incarnations: a
/// restarted queue reloads through it (QueueStore.Restart.cs).
/// </summary>
internal sealed partial class QueueStore : IAtomicWriteCallback
{
    private readonly PersistenceExtension _persistence;
    private QueueRecovery? _recovery;
    private IActorRef _owner = ActorRefs.Nobody;

    private QueueStore(PersistenceExtension persistence, string persistenceId, QueueRecovery? recovery,
        long lastSequenceNr)
    {
        _persistence = persistence;
        PersistenceId = persistenceId;
        _recovery = recovery;
        LastSequenceNr = lastSequenceNr;
    }

    /// <summary>Time between progress log lines of a long recovery.</summary>
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    public string PersistenceId { get; }

    /// <summary>The highest sequence number written (or recovered).</summary>
    public long LastSequenceNr { get; private set; }

    public long SnapshotSequenceNr { get; private set; }

    /// <summary>
    /// "queue|vhost|name". A bar (and the escape's percent sign) in the vhost name is escaped, so the vhost part ends
    /// at the first bar: vhost "a|b" queue "x" and vhost "a" queue "b|x" are two ids, and "queue|a|" prefixes only the
    /// queues of vhost "a". Names without either character keep the plain form.
    /// </summary>
    public static string PersistenceIdOf(string vhost, string queue) => "queue|" + EscapeVirtualHost(vhost) + "|" + queue;

    private static string EscapeVirtualHost(string vhost) =>
        vhost.AsSpan().IndexOfAny('|', '%') < 0 ? vhost : vhost.Replace("%", "%25").Replace("|", "%7C");

    /// <summary>A queue declared now: nothing to recover, numbering continues after <paramref name="lastSequenceNr"/>.</summary>
    public static QueueStore Fresh(PersistenceExtension persistence, string vhost, string queue, long lastSequenceNr) =>
        new(persistence, PersistenceIdOf(vhost, queue), new QueueRecovery(), lastSequenceNr);

    /// <summary>Reads the queue's snapshot and later events; a corrupt one fails with an <see cref="EventFormatException"/>.</summary>
    /// <param name="logger">Gets a progress line every <see cref="ProgressEvery"/> of a long recovery and a summary.</param>
    public static async Task<QueueStore> RecoverAsync(PersistenceExtension persistence, string vhost, string queue,
        ILogger? logger, CancellationToken cancellationToken)
    {
        var store = new QueueStore(persistence, PersistenceIdOf(vhost, queue), null, 0);
        store._recovery = await store.LoadAsync(logger, cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>
    /// Reads the snapshot and later events into a new <see cref="QueueRecovery"/> and sets <see cref="LastSequenceNr"/>
    /// and <see cref="SnapshotSequenceNr"/>: node-start recovery and the reload of a restarted queue. No write of the
    /// queue may be in flight.
    /// </summary>
    private async Task<QueueRecovery> LoadAsync(ILogger? logger, CancellationToken cancellationToken)
    {
        var persistence = _persistence;
        var id = PersistenceId;
        var progress = new RecoveryProgress(id, logger);
        var serializers = persistence.Serializers;
        var recovery = new QueueRecovery();
        var snapshot = await persistence.Snapshots.LoadAsync(id, SnapshotSelectionCriteria.Latest, cancellationToken)
            .ConfigureAwait(false);
        var from = 1L;
        if (snapshot is not null)
        {
            recovery.Apply(StoredEvents.Decode(serializers, id + " snapshot", snapshot.Metadata.SequenceNr, snapshot.Manifest,
                snapshot.Payload), snapshot.Metadata.SequenceNr);
            from = snapshot.Metadata.SequenceNr + 1;
        }
        await persistence.Journal.ReplayAsync(id, from, long.MaxValue, long.MaxValue,
            e =>
            {
                if (!recovery.Apply(StoredEvents.Decode(serializers, id, e.SequenceNr, e.Manifest, e.Payload), e.SequenceNr))
                    throw new EventFormatException($"{id}: event {e.SequenceNr} ({e.Manifest}) is not a queue event");
                progress.Report(recovery);
            },
            cancellationToken).ConfigureAwait(false);
        var highest = await persistence.Journal.ReadHighestSequenceNrAsync(id).ConfigureAwait(false);
        progress.Done(recovery);
        SnapshotSequenceNr = snapshot?.Metadata.SequenceNr ?? 0;
        LastSequenceNr = Math.Max(highest, SnapshotSequenceNr);
        return recovery;
    }

    /// <summary>
    /// What node-start recovery read (empty for a queue declared now), handed out once: null for a restarted
    /// incarnation, which reloads with <see cref="ReloadAsync"/>.
    /// </summary>
    public QueueRecovery? TakeRecovery()
    {
        var recovery = _recovery;
        _recovery = null;
        return recovery;
    }

    /// <summary>The actor that gets <see cref="QueueWriteCompleted"/>.</summary>
    public void Attach(IActorRef owner) => _owner = owner;

    /// <summary>Writes the events as sequence numbers firstSequenceNr.. in one atomic write.</summary>
    public void Write(List<object> events, long firstSequenceNr)
    {
        var serializers = _persistence.Serializers;
        var representations = new PersistentRepresentation[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var payload = serializers.ToBinary(events[i], out var manifest);
            representations[i] = new PersistentRepresentation(PersistenceId, firstSequenceNr + i, manifest, payload);
        }
        _persistence.Journal.Write(new AtomicWrite(representations), this);
        // After the journal took it (a write refused by throwing never completes); its completion may come first.
        Submitted(firstSequenceNr + events.Count - 1);
    }

    void IAtomicWriteCallback.OnWriteCompleted(AtomicWrite write, Exception? error)
    {
        if (error is null) LastSequenceNr = write.HighestSequenceNr;
        _owner.Tell(new QueueWriteCompleted(write.HighestSequenceNr, error), ActorRefs.NoSender);
        Completed(write.HighestSequenceNr, error);
    }

    /// <summary>Starts a compaction plan (see QueueJournal.PlanCompaction); a reload waits for it.</summary>
    public void Compact(QueueCompaction plan)
    {
        _compactions.RemoveAll(static t => t.IsCompleted);
        _compactions.Add(CompactAsync(plan));
    }

    /// <summary>Carries out a compaction plan; failures only leave more to read.</summary>
    private async Task CompactAsync(QueueCompaction plan)
    {
        var snapshots = _persistence.Snapshots;
        if (plan.Snapshot is { } snapshot)
        {
            var payload = _persistence.Serializers.ToBinary(snapshot, out var manifest);
            await snapshots.SaveAsync(new SnapshotMetadata(PersistenceId, plan.DeleteEventsTo, DateTimeOffset.UtcNow),
                manifest, payload).ConfigureAwait(false);
        }
        else if (plan.DeleteSnapshotsTo > 0)
        {
            await snapshots.DeleteAsync(PersistenceId, new SnapshotSelectionCriteria(plan.DeleteSnapshotsTo, DateTimeOffset.MaxValue))
                .ConfigureAwait(false);
        }
        await _persistence.Journal.DeleteToAsync(PersistenceId, plan.DeleteEventsTo).ConfigureAwait(false);
        if (plan.Snapshot is not null && plan.DeleteSnapshotsTo > 0)
            await snapshots.DeleteAsync(PersistenceId, new SnapshotSelectionCriteria(plan.DeleteSnapshotsTo, DateTimeOffset.MaxValue))
                .ConfigureAwait(false);
    }

    /// <summary>The queue is deleted: its events up to <paramref name="lastSequenceNr"/> and its snapshots go.</summary>
    public async Task DeleteAllAsync(long lastSequenceNr)
    {
        await _persistence.Snapshots.DeleteAsync(PersistenceId, SnapshotSelectionCriteria.Latest).ConfigureAwait(false);
        if (lastSequenceNr > 0) await _persistence.Journal.DeleteToAsync(PersistenceId, lastSequenceNr).ConfigureAwait(false);
    }
}
