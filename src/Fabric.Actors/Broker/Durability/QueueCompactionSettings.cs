namespace Fabric.Broker.Durability;

/// <summary>When a <see cref="QueueJournal"/> plans compaction.</summary>
public sealed record QueueCompactionSettings
{
    public static readonly QueueCompactionSettings Default = new();

    /// <summary>Plan only after this many events were written since the last compaction.</summary>
    public int CompactEvery { get; init; } = 10_000;

    /// <summary>A snapshot is taken only when the live messages are at most this many...</summary>
    public int SnapshotMaxMessages { get; init; } = 2_000;

    /// <summary>...and at most this many bytes (properties + bodies).</summary>
    public long SnapshotMaxBytes { get; init; } = 8 * 1024 * 1024;
}
