using System.Data;
using System.Data.Common;
using Fabric.Persistence.Journal;

namespace Fabric.Persistence.Sql;

/// <summary>One prepared insert per row: right for an in-process database (no round trips to save).</summary>
internal sealed class PreparedEventRows : EventRows
{
    private readonly DbCommand _insert;
    private long _created;

    internal PreparedEventRows(DbConnection connection, SqlDialect dialect) =>
        _insert = SqlCommands.Prepare(
            connection,
            dialect.InsertEvent,
            ("@pid", DbType.String),
            ("@seq", DbType.Int64),
            ("@manifest", DbType.String),
            ("@payload", DbType.Binary),
            ("@created", DbType.Int64),
            ("@tags", DbType.String));

    internal override void Begin(DbTransaction? transaction, long createdTicks)
    {
        _insert.Transaction = transaction;
        _created = createdTicks;
    }

    internal override void Add(PersistentRepresentation row)
    {
        var p = _insert.Parameters;
        p[0].Value = row.PersistenceId;
        p[1].Value = row.SequenceNr;
        p[2].Value = row.Manifest;
        p[3].Value = row.Payload;
        p[4].Value = _created;
        p[5].Value = TagsColumn.Encode(row.Tags);
        _insert.ExecuteNonQuery();
    }

    internal override void Flush()
    {
    }

    internal override void Discard()
    {
    }

    public override void Dispose() => _insert.Dispose();
}
