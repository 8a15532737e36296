using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

/// <summary>
/// How a persistent actor recovers: which snapshot to start from (<see cref="SnapshotSelectionCriteria.None"/>:
/// replay from the start), up to which sequence number to replay, and at most how many events.
/// </summary>
public sealed record Recovery(SnapshotSelectionCriteria FromSnapshot, long ToSequenceNr = long.MaxValue, long ReplayMax = long.MaxValue)
{
    /// <summary>Latest snapshot, then every later event.</summary>
    public static readonly Recovery Default = new(SnapshotSelectionCriteria.Latest);

    /// <summary>No snapshot, no events: only the highest sequence number is read (new events continue after it).</summary>
    public static readonly Recovery None = new(SnapshotSelectionCriteria.None, 0, 0);
}
