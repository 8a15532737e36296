namespace Fabric.Persistence.Snapshot;

/// <summary>Identity of a snapshot: the persistence id, the sequence number it covers, and when it was taken.</summary>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp);
