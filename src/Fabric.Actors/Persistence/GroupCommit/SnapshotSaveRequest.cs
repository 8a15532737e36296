using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.GroupCommit;

/// <summary>Save (or replace) one snapshot.</summary>
internal sealed class SnapshotSaveRequest : CompletionRequest
{
    internal SnapshotSaveRequest(SnapshotMetadata metadata, string manifest, byte[] payload)
    {
        Metadata = metadata;
        Manifest = manifest;
        Payload = payload;
    }

    internal SnapshotMetadata Metadata { get; }

    internal string Manifest { get; }

    internal byte[] Payload { get; }
}
