using Fabric.Broker.Durability;

namespace Fabric.Actors.Tests.Durability;

/// <summary>An in-memory journal + snapshot store for one queue, applying compaction plans like the actor will.</summary>
internal sealed class SimulatedStore
{
    public SortedDictionary<long, object> Events { get; } = new();

    public SortedDictionary<long, QueueSnapshot> Snapshots { get; } = new();

    public long HighestSequenceNr { get; private set; }

    public void Write(long firstSequenceNr, List<object> events)
    {
        for (var i = 0; i < events.Count; i++) Events.Add(firstSequenceNr + i, events[i]);
        if (events.Count > 0) HighestSequenceNr = firstSequenceNr + events.Count - 1;
    }

    public void Apply(QueueCompaction plan, long durableSequenceNr)
    {
        if (plan.Snapshot is { } snapshot)
        {
            Snapshots[durableSequenceNr] = snapshot;
            DeleteSnapshotsTo(plan.DeleteSnapshotsTo);
        }
        else if (plan.DeleteSnapshotsTo > 0)
        {
            DeleteSnapshotsTo(plan.DeleteSnapshotsTo);
        }
        foreach (var seq in new List<long>(Events.Keys))
            if (seq <= plan.DeleteEventsTo) Events.Remove(seq);
    }

    /// <summary>What a restarted queue recovers: the latest snapshot, then the events after it.</summary>
    public (QueueRecovery Recovery, long LastSequenceNr, long SnapshotSequenceNr) Recover()
    {
        var recovery = new QueueRecovery();
        var from = 0L;
        if (Snapshots.Count > 0)
        {
            var (seq, snapshot) = Snapshots.Last();
            recovery.Apply(snapshot, seq);
            from = seq;
        }
        foreach (var (seq, e) in Events)
            if (seq > from) recovery.Apply(e, seq);
        return (recovery, HighestSequenceNr, from);
    }

    private void DeleteSnapshotsTo(long sequenceNr)
    {
        foreach (var seq in new List<long>(Snapshots.Keys))
            if (seq <= sequenceNr) Snapshots.Remove(seq);
    }
}
