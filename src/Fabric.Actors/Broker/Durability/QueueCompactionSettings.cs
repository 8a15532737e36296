namespace Fabric.Broker.Durability;

/// <summary>When a <see cref="QueueJournal"/> plans compaction.</summary>
public sealed record QueueCompactionSettings
{
    public static readonly QueueCompactionSettings Default = new();

    /// <summary>Plan once this many events were written since the last compaction...</summary>
    public int CompactEvery { get; init; } = 10_000;

    /// <summary>...or this many bytes (messages, ids, a little per event).</summary>
    public long CompactEveryBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>A write's enqueued messages go into events (rows) of about this many bytes (below the large-object heap).</summary>
    public int ChunkBytes { get; init; } = 64 * 1024;

    /// <summary>A snapshot is taken only when the live messages are at most this many...</summary>
    public int SnapshotMaxMessages { get; init; } = 2_000;

    /// <summary>...and at most this many bytes (properties + bodies).</summary>
    public long SnapshotMaxBytes { get; init; } = 8 * 1024 * 1024;
}
