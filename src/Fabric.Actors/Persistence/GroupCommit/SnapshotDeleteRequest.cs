using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.GroupCommit;

/// <summary>Delete the snapshots of one persistence id that match the criteria.</summary>
internal sealed class SnapshotDeleteRequest : CompletionRequest
{
    internal SnapshotDeleteRequest(string persistenceId, SnapshotSelectionCriteria criteria)
    {
        PersistenceId = persistenceId;
        Criteria = criteria;
    }

    internal string PersistenceId { get; }

    internal SnapshotSelectionCriteria Criteria { get; }
}
