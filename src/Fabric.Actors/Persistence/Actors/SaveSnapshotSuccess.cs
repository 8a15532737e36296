using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

/// <summary>Reply (as a command) to SaveSnapshot: the snapshot is durable.</summary>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);
