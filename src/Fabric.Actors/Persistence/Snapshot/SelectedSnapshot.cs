namespace Fabric.Persistence.Snapshot;

/// <summary>A loaded snapshot: serialization is the caller's business (payload bytes + manifest).</summary>
public sealed record SelectedSnapshot(SnapshotMetadata Metadata, string Manifest, byte[] Payload);
