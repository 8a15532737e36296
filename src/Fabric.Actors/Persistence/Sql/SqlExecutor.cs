using System.Data;
using System.Data.Common;
using Fabric.Persistence.GroupCommit;
using Fabric.Persistence.Journal;

namespace Fabric.Persistence.Sql;

/// <summary>
/// The group-commit writer's side of a SQL store: one connection and prepared commands reused for every batch.
/// Only the writer thread touches it.
/// </summary>
internal sealed class SqlExecutor : IGroupCommitExecutor
{
    private const string SavepointName = "unit";

    private readonly Func<DbConnection> _open;
    private readonly SqlDialect _dialect;
    private DbConnection? _connection;
    private WriterTransaction? _transaction;
    private bool _inTransaction;

    // Prepared once per connection, reused for every batch; parameters are set by position.
    private EventRows _rows = null!;
    private DbCommand _markDeleted = null!;
    private DbCommand _deleteEvents = null!;
    private DbCommand _saveSnapshot = null!;
    private DbCommand _deleteSnapshots = null!;

    internal SqlExecutor(Func<DbConnection> open, SqlDialect dialect)
    {
        _open = open;
        _dialect = dialect;
        Open();
    }

    public void Begin()
    {
        var control = _transaction ?? throw new InvalidOperationException("The writer connection is not open.");
        control.Begin();
        _inTransaction = true;
        var transaction = control.Current;
        _markDeleted.Transaction = transaction;
        _deleteEvents.Transaction = transaction;
        _saveSnapshot.Transaction = transaction;
        _deleteSnapshots.Transaction = transaction;
        _rows.Begin(transaction, DateTimeOffset.UtcNow.UtcTicks);
    }

    public void Execute(WriteRequest request, int unit)
    {
        switch (request)
        {
            case AtomicWriteRequest single:
                Insert(single.Write);
                break;
            case CallbackWriteRequest callback:
                Insert(callback.Write);
                break;
            case AtomicWriteBatchRequest batch:
                Insert(batch.Writes[unit]);
                break;
            case DeleteToRequest delete:
                _rows.Flush();
                DeleteTo(_markDeleted, delete);
                DeleteTo(_deleteEvents, delete);
                break;
            case SnapshotSaveRequest save:
                _rows.Flush();
                var p = _saveSnapshot.Parameters;
                p[0].Value = save.Metadata.PersistenceId;
                p[1].Value = save.Metadata.SequenceNr;
                p[2].Value = SqlCommands.ToStored(save.Metadata.Timestamp);
                p[3].Value = save.Manifest;
                p[4].Value = save.Payload;
                _saveSnapshot.ExecuteNonQuery();
                break;
            case SnapshotDeleteRequest deleteSnapshots:
                _rows.Flush();
                var c = deleteSnapshots.Criteria;
                var d = _deleteSnapshots.Parameters;
                d[0].Value = deleteSnapshots.PersistenceId;
                d[1].Value = c.MinSequenceNr;
                d[2].Value = c.MaxSequenceNr;
                d[3].Value = SqlCommands.ToStored(c.MinTimestamp);
                d[4].Value = SqlCommands.ToStored(c.MaxTimestamp);
                _deleteSnapshots.ExecuteNonQuery();
                break;
            default:
                throw new InvalidOperationException($"Unknown write request {request.GetType().Name}.");
        }
    }

    public void Flush() => _rows.Flush();

    public void Savepoint() => Transaction.Save(SavepointName);

    public void ReleaseSavepoint() => Transaction.Release(SavepointName);

    public void RollbackToSavepoint()
    {
        _rows.Discard();
        Transaction.RollbackTo(SavepointName);
    }

    public void Commit()
    {
        var transaction = Transaction;
        _inTransaction = false;
        transaction.Commit();
    }

    public void Rollback()
    {
        _rows?.Discard();
        if (!_inTransaction) return;
        _inTransaction = false;
        _transaction?.Rollback();
    }

    // ArgumentException: a caller's invalid value (e.g. a tag holding the separator) fails only its own write.
    public bool IsRejection(Exception error) => error is ArgumentException || _dialect.IsRejection(error);

    public void Reset()
    {
        Close();
        Open();
    }

    public void Dispose() => Close();

    private WriterTransaction Transaction =>
        _inTransaction && _transaction is { } transaction ? transaction : throw new InvalidOperationException("No transaction.");

    private void Insert(AtomicWrite write)
    {
        var events = write.Events;
        for (var i = 0; i < events.Count; i++) _rows.Add(events[i]);
    }

    private static void DeleteTo(DbCommand command, DeleteToRequest delete)
    {
        command.Parameters[0].Value = delete.PersistenceId;
        command.Parameters[1].Value = delete.ToSequenceNr;
        command.ExecuteNonQuery();
    }

    private void Open()
    {
        var connection = _open();
        _connection = connection;

        _transaction = _dialect.CreateWriterTransaction(connection);
        _rows = _dialect.CreateEventRows(connection);
        _markDeleted = SqlCommands.Prepare(connection, _dialect.MarkDeleted, ("@pid", DbType.String), ("@to", DbType.Int64));
        _deleteEvents = SqlCommands.Prepare(connection, _dialect.DeleteEvents, ("@pid", DbType.String), ("@to", DbType.Int64));
        _saveSnapshot = SqlCommands.Prepare(
            connection,
            _dialect.SaveSnapshot,
            ("@pid", DbType.String),
            ("@seq", DbType.Int64),
            ("@created", DbType.Int64),
            ("@manifest", DbType.String),
            ("@payload", DbType.Binary));
        _deleteSnapshots = SqlCommands.Prepare(
            connection,
            _dialect.DeleteSnapshots,
            ("@pid", DbType.String),
            ("@minSeq", DbType.Int64),
            ("@maxSeq", DbType.Int64),
            ("@minTs", DbType.Int64),
            ("@maxTs", DbType.Int64));
    }

    private void Close()
    {
        try
        {
            Rollback();
        }
        catch (Exception)
        {
            // The connection is being dropped anyway.
        }

        _rows?.Dispose();
        _transaction?.Dispose();
        _transaction = null;
        _markDeleted?.Dispose();
        _deleteEvents?.Dispose();
        _saveSnapshot?.Dispose();
        _deleteSnapshots?.Dispose();
        _connection?.Dispose();
        _connection = null;
    }
}
