using System.Data.Common;

namespace Fabric.Persistence.Sql;

/// <summary>
/// Transaction control of the writer's connection: begin, commit, roll back, savepoints. <see cref="Current"/> is what
/// the writer's commands take as their transaction (null when the provider does not track it).
/// </summary>
internal abstract class WriterTransaction : IDisposable
{
    internal abstract DbTransaction? Current { get; }

    internal abstract void Begin();

    internal abstract void Commit();

    /// <summary>Rolls back the open transaction, if any (a no-op without one).</summary>
    internal abstract void Rollback();

    internal abstract void Save(string savepoint);

    internal abstract void Release(string savepoint);

    internal abstract void RollbackTo(string savepoint);

    public virtual void Dispose()
    {
    }
}
