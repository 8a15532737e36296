using Fabric.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Fabric.Persistence.Sqlite;

internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;

    private static readonly string[] Ddl =
    [
        "CREATE TABLE IF NOT EXISTS journal (" +
        "ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, " +
        "manifest TEXT NOT NULL, payload BLOB NOT NULL, created INTEGER NOT NULL, tags TEXT NULL, " +
        "UNIQUE (persistence_id, sequence_nr))",
        "CREATE TABLE IF NOT EXISTS journal_metadata (" +
        "persistence_id TEXT NOT NULL PRIMARY KEY, sequence_nr INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS snapshot (" +
        "persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, created INTEGER NOT NULL, " +
        "manifest TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (persistence_id, sequence_nr))",
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    ];

    internal static readonly SqliteDialect Instance = new();

    private SqliteDialect()
        : base(tablePrefix: "", greatest: "max")
    {
    }

    internal override IReadOnlyList<string> CreateSchema => Ddl;

    internal override EventRows CreateEventRows(System.Data.Common.DbConnection connection) =>
        new SqliteEventRows((SqliteConnection)connection, this);

    internal override WriterTransaction CreateWriterTransaction(System.Data.Common.DbConnection connection) =>
        new SqliteWriterTransaction((SqliteConnection)connection);

    internal override bool IsRejection(Exception error) =>
        error is SqliteException { SqliteErrorCode: SqliteConstraint or SqliteMismatch or SqliteTooBig };
}
