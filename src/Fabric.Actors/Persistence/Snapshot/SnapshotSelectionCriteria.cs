namespace Fabric.Persistence.Snapshot;

/// <summary>Bounds (inclusive) on sequence number and timestamp for selecting or deleting snapshots.</summary>
public sealed record SnapshotSelectionCriteria(
    long MaxSequenceNr,
    DateTimeOffset MaxTimestamp,
    long MinSequenceNr = 0,
    DateTimeOffset MinTimestamp = default)
{
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, DateTimeOffset.MaxValue);

    public static SnapshotSelectionCriteria None { get; } = new(0, DateTimeOffset.MinValue);
}
