using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

/// <summary>Given to ReceiveRecover first when a snapshot was found: the state as of <c>Metadata.SequenceNr</c>.</summary>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);
