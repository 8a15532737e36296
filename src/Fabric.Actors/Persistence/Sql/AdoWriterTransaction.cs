using System.Data.Common;

namespace Fabric.Persistence.Sql;

/// <summary>Transactions through the provider's <see cref="DbTransaction"/> (one object per transaction).</summary>
internal sealed class AdoWriterTransaction(DbConnection connection) : WriterTransaction
{
    private DbTransaction? _transaction;

    internal override DbTransaction? Current => _transaction;

    internal override void Begin() => _transaction = connection.BeginTransaction();

    internal override void Commit()
    {
        var transaction = Open;
        _transaction = null;
        try
        {
            transaction.Commit();
        }
        finally
        {
            transaction.Dispose();
        }
    }

    internal override void Rollback()
    {
        var transaction = _transaction;
        _transaction = null;
        if (transaction is null) return;
        try
        {
            transaction.Rollback();
        }
        finally
        {
            transaction.Dispose();
        }
    }

    internal override void Save(string savepoint) => Open.Save(savepoint);

    internal override void Release(string savepoint) => Open.Release(savepoint);

    internal override void RollbackTo(string savepoint) => Open.Rollback(savepoint);

    private DbTransaction Open => _transaction ?? throw new InvalidOperationException("No transaction.");
}
