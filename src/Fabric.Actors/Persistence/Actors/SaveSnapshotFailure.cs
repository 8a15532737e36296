using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

/// <summary>Reply (as a command) to SaveSnapshot: the snapshot could not be stored.</summary>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);
