namespace Fabric.Persistence.Snapshot;

/// <summary>Snapshot store SPI. Thread-safe; saves and deletes go through the store's single writer.</summary>
public interface ISnapshotStore
{
    /// <summary>Saves (or replaces) the snapshot for (persistence id, sequence number); completes when durable.</summary>
    Task SaveAsync(SnapshotMetadata metadata, string manifest, byte[] payload);

    /// <summary>The youngest snapshot matching the criteria, or null.</summary>
    Task<SelectedSnapshot?> LoadAsync(
        string persistenceId,
        SnapshotSelectionCriteria criteria,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes the snapshot (persistence id, sequence number).</summary>
    Task DeleteAsync(SnapshotMetadata metadata);

    /// <summary>Deletes every snapshot of the id matching the criteria.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria);
}
