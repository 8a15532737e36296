using Fabric.Persistence.Sql;
using Npgsql;

namespace Fabric.Persistence.Postgres;

internal sealed class PostgresDialect : SqlDialect
{
    // Any fixed number: serialises schema creation of nodes starting at once.
    private const long SchemaLockKey = 0x46616272_69635631;

    private readonly string[] _ddl;

    internal PostgresDialect(string schema)
        : base(tablePrefix: Quote(schema) + ".", greatest: "GREATEST")
    {
        _ddl =
        [
            $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}",
            $"CREATE TABLE IF NOT EXISTS {Journal} (" +
            "ordering BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, persistence_id TEXT NOT NULL, " +
            "sequence_nr BIGINT NOT NULL, manifest TEXT NOT NULL, payload BYTEA NOT NULL, created BIGINT NOT NULL, " +
            "tags TEXT NULL, UNIQUE (persistence_id, sequence_nr))",
            $"CREATE TABLE IF NOT EXISTS {Metadata} (" +
            "persistence_id TEXT NOT NULL PRIMARY KEY, sequence_nr BIGINT NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {Snapshot} (" +
            "persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, created BIGINT NOT NULL, " +
            "manifest TEXT NOT NULL, payload BYTEA NOT NULL, PRIMARY KEY (persistence_id, sequence_nr))",
            $"CREATE TABLE IF NOT EXISTS {Version} (version INTEGER NOT NULL)",
        ];
    }

    internal override IReadOnlyList<string> CreateSchema => _ddl;

    internal override string? SchemaLock => $"SELECT pg_advisory_xact_lock({SchemaLockKey})";

    internal override EventRows CreateEventRows(System.Data.Common.DbConnection connection) =>
        new UnnestEventRows((NpgsqlConnection)connection, Journal);

    // Class 23: integrity constraint violation; class 22: data exception (bad value).
    internal override bool IsRejection(Exception error) =>
        error is PostgresException { SqlState: var state }
        && (state.StartsWith("23", StringComparison.Ordinal) || state.StartsWith("22", StringComparison.Ordinal));

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
