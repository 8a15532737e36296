using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

/// <summary>Reply (as a command) to DeleteSnapshots: the delete failed.</summary>
public sealed record DeleteSnapshotsFailure(SnapshotSelectionCriteria Criteria, Exception Cause);
