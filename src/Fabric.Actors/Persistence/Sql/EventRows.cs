using System.Data.Common;
using Fabric.Persistence.Journal;

namespace Fabric.Persistence.Sql;

/// <summary>
/// How the writer inserts journal rows: at once per row, or collected and sent in one statement at
/// <see cref="Flush"/> (the writer flushes before commit, before other statements and per savepoint).
/// </summary>
internal abstract class EventRows : IDisposable
{
    internal abstract void Begin(DbTransaction? transaction, long createdTicks);

    internal abstract void Add(PersistentRepresentation row);

    internal abstract void Flush();

    /// <summary>Drops rows collected but not sent (their unit was rolled back).</summary>
    internal abstract void Discard();

    public abstract void Dispose();
}
