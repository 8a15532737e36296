namespace Fabric.Persistence.GroupCommit;

/// <summary>The store-specific side of the group-commit writer: one connection, used only by the writer thread.</summary>
internal interface IGroupCommitExecutor : IDisposable
{
    void Begin();

    /// <summary>Applies one atomic unit of a request inside the current transaction.</summary>
    void Execute(WriteRequest request, int unit);

    /// <summary>Sends whatever <see cref="Execute"/> collected (rejections surface here at the latest).</summary>
    void Flush();

    void Savepoint();

    void ReleaseSavepoint();

    void RollbackToSavepoint();

    /// <summary>Commits durably (the data survives a crash once this returns).</summary>
    void Commit();

    void Rollback();

    /// <summary>True when the error rejects the data (constraint, bad value) rather than the store.</summary>
    bool IsRejection(Exception error);

    /// <summary>After a store failure: drop the connection and open a fresh one (may throw; retried next batch).</summary>
    void Reset();
}
