using System.Data.Common;
using Fabric.Persistence.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Fabric.Persistence.Sqlite;

/// <summary>
/// The SQLite writer's transactions as native prepared BEGIN IMMEDIATE / COMMIT / ROLLBACK statements on its
/// connection: a SqliteTransaction parses and prepares its BEGIN and COMMIT on every use (~5% of the writer thread's
/// CPU per group commit). The connection does not know of the transaction, so the writer's commands run with none set.
/// </summary>
internal sealed class SqliteWriterTransaction : WriterTransaction
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;

    internal SqliteWriterTransaction(SqliteConnection connection)
    {
        _connection = connection;
        _db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
    }

    internal override DbTransaction? Current => null;

    internal override void Begin() => Run(_begin);

    internal override void Commit() => Run(_commit);

    // SQLite ends the transaction by itself on some errors (I/O, full disk): roll back only an open one.
    internal override void Rollback()
    {
        if (raw.sqlite3_get_autocommit(_db) == 0) Run(_rollback);
    }

    // Savepoints only run when a batch holds a rejected write: not worth preparing.
    internal override void Save(string savepoint) => SqlCommands.ExecuteNonQuery(_connection, null, "SAVEPOINT " + savepoint);

    internal override void Release(string savepoint) => SqlCommands.ExecuteNonQuery(_connection, null, "RELEASE " + savepoint);

    internal override void RollbackTo(string savepoint) => SqlCommands.ExecuteNonQuery(_connection, null, "ROLLBACK TO " + savepoint);

    public override void Dispose()
    {
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != 0) SqliteException.ThrowExceptionForRC(rc, _db);
        return statement;
    }

    private void Run(sqlite3_stmt statement)
    {
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != 101) SqliteException.ThrowExceptionForRC(rc, _db); // SQLITE_DONE
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }
}
