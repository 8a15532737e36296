using System.Data.Common;
using Fabric.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Fabric.Persistence.Sqlite;

/// <summary>
/// The SQLite writer's transactions as prepared BEGIN IMMEDIATE / COMMIT statements on its connection: a
/// SqliteTransaction parses and prepares its BEGIN and COMMIT on every use (~5% of the writer thread's CPU per group
/// commit). The connection does not know of the transaction, so the writer's commands run with none set.
/// </summary>
internal sealed class SqliteWriterTransaction : WriterTransaction
{
    private readonly SqliteConnection _connection;
    private readonly DbCommand _begin;
    private readonly DbCommand _commit;
    private readonly DbCommand _rollback;

    internal SqliteWriterTransaction(SqliteConnection connection)
    {
        _connection = connection;
        _begin = SqlCommands.Prepare(connection, "BEGIN IMMEDIATE");
        _commit = SqlCommands.Prepare(connection, "COMMIT");
        _rollback = SqlCommands.Prepare(connection, "ROLLBACK");
    }

    internal override DbTransaction? Current => null;

    internal override void Begin() => _begin.ExecuteNonQuery();

    internal override void Commit() => _commit.ExecuteNonQuery();

    // SQLite ends the transaction by itself on some errors (I/O, full disk): roll back only an open one.
    internal override void Rollback()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0) _rollback.ExecuteNonQuery();
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
}
