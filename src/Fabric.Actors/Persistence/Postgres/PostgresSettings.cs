namespace Fabric.Persistence.Postgres;

/// <summary>Settings of the PostgreSQL store (synchronous_commit is left on: a commit is durable when acknowledged).</summary>
public sealed record PostgresSettings(string ConnectionString)
{
    /// <summary>Schema holding the tables (created if missing).</summary>
    public string Schema { get; init; } = "fabric";

    /// <summary>Most atomic units (writes, deletes, snapshot writes) in one group-commit transaction.</summary>
    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>How long the group-commit writer may wait to fill a batch (zero: commit as soon as the previous ends).</summary>
    public TimeSpan MaxDelay { get; init; }
}
