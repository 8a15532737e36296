namespace Fabric.Configuration;

/// <summary><c>fabric.persistence</c>.</summary>
public sealed record PersistenceSettings(
    PersistenceProvider Provider,
    SqliteSettings Sqlite,
    PostgresSettings Postgres,
    GroupCommitSettings GroupCommit,
    int SnapshotAfter)
{
    internal static PersistenceSettings From(SettingsReader persistence, string dataDirectory)
    {
        var provider = persistence.String("provider").Trim().ToLowerInvariant() switch
        {
            "sqlite" => PersistenceProvider.Sqlite,
            "postgres" or "postgresql" => PersistenceProvider.Postgres,
            var other => throw persistence.Invalid("provider", $"unknown provider '{other}' (use sqlite or postgres)"),
        };
        var sqlite = persistence.Child("sqlite");
        var postgres = persistence.Child("postgres");
        var groupCommit = persistence.Child("group-commit");
        string connection = postgres.String("connection-string");
        if (provider == PersistenceProvider.Postgres && connection.Trim().Length == 0)
            throw postgres.Invalid("connection-string", "is required when provider = postgres (or set FABRIC_POSTGRES_CONNECTION)");
        return new PersistenceSettings(
            provider,
            new SqliteSettings(Path.GetFullPath(sqlite.NonEmptyString("file"), dataDirectory)),
            new PostgresSettings(connection, postgres.NonEmptyString("schema")),
            new GroupCommitSettings(groupCommit.Int("max-batch", 1, 1_000_000),
                groupCommit.Duration("max-delay", TimeSpan.Zero, TimeSpan.FromSeconds(10))),
            persistence.Int("snapshot-after", 0, int.MaxValue));
    }
}
