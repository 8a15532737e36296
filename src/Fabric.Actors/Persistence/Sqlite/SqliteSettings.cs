namespace Fabric.Persistence.Sqlite;

/// <summary>Settings of the embedded SQLite store (one file, WAL, fsync on every commit).</summary>
public sealed record SqliteSettings(string Path)
{
    /// <summary>Most atomic units (writes, deletes, snapshot writes) in one group-commit transaction.</summary>
    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>How long the group-commit writer may wait to fill a batch (zero: commit as soon as the previous ends).</summary>
    public TimeSpan MaxDelay { get; init; }

    /// <summary>How long a statement waits for a lock held by another connection before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Run PRAGMA quick_check when opening (reads the whole file once).</summary>
    public bool CheckIntegrityOnOpen { get; init; } = true;

    /// <summary>Give every atomic write its own savepoint even when nothing is rejected (for measurement only).</summary>
    internal bool AlwaysSavepoints { get; init; }
}
