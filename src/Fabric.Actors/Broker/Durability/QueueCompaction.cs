namespace Fabric.Broker.Durability;

/// <summary>
/// What a queue actor does to keep its journal small. With a <see cref="Snapshot"/>: save it (at the durable sequence
/// number given to <see cref="QueueJournal.PlanCompaction"/>), and once saved delete the events up to it and older
/// snapshots. Without: first delete snapshots up to <see cref="DeleteSnapshotsTo"/> (when above 0), then the events up to
/// <see cref="DeleteEventsTo"/>. The store's single writer keeps that order, so a crash in between is harmless.
/// </summary>
public sealed record QueueCompaction(long DeleteEventsTo, QueueSnapshot? Snapshot, long DeleteSnapshotsTo);
