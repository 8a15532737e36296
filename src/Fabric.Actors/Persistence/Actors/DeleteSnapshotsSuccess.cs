using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

/// <summary>Reply (as a command) to DeleteSnapshots: every snapshot matching the criteria is gone.</summary>
public sealed record DeleteSnapshotsSuccess(SnapshotSelectionCriteria Criteria);
