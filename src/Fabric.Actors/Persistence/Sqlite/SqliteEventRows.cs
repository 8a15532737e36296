using System.Data.Common;
using System.Text;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Fabric.Persistence.Sqlite;

/// <summary>
/// The SQLite writer's journal insert as one native prepared statement: bound and stepped per row without
/// Microsoft.Data.Sqlite's per-execution reader, statement enumeration and parameter objects (~7% of the writer
/// thread). The persistence id and manifest of the previous row are kept as UTF-8 (a queue writes the same ones).
/// Errors surface as <see cref="SqliteException"/>, as through the provider.
/// </summary>
internal sealed class SqliteEventRows : EventRows
{
    private const int Done = 101; // SQLITE_DONE

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insert;
    private long _created;
    private readonly Utf8Cache _pid = new();
    private readonly Utf8Cache _manifest = new();

    internal SqliteEventRows(SqliteConnection connection, SqlDialect dialect)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, dialect.InsertEvent, out _insert);
        if (rc != 0) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    internal override void Begin(DbTransaction? transaction, long createdTicks) => _created = createdTicks;

    internal override void Add(PersistentRepresentation row)
    {
        var tags = TagsColumn.Encode(row.Tags) as string; // may throw: before anything is bound
        try
        {
            // Parameters in the order of the insert: @pid, @seq, @manifest, @payload, @created, @tags.
            BindText(1, _pid.Of(row.PersistenceId));
            raw.sqlite3_bind_int64(_insert, 2, row.SequenceNr);
            BindText(3, _manifest.Of(row.Manifest));
            if (row.Payload.Length == 0) raw.sqlite3_bind_zeroblob(_insert, 4, 0);
            else raw.sqlite3_bind_blob(_insert, 4, row.Payload);
            raw.sqlite3_bind_int64(_insert, 5, _created);
            if (tags is null) raw.sqlite3_bind_null(_insert, 6);
            else raw.sqlite3_bind_text(_insert, 6, tags);
            var rc = raw.sqlite3_step(_insert);
            if (rc != Done) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            raw.sqlite3_reset(_insert);
        }
    }

    internal override void Flush()
    {
    }

    internal override void Discard()
    {
    }

    public override void Dispose() => _insert.Dispose();

    private void BindText(int index, byte[] utf8)
    {
        // An empty span would bind NULL: the string overload binds an empty text.
        if (utf8.Length == 0) raw.sqlite3_bind_text(_insert, index, "");
        else raw.sqlite3_bind_text(_insert, index, utf8);
    }

    private sealed class Utf8Cache
    {
        private string? _value;
        private byte[] _utf8 = [];

        public byte[] Of(string value)
        {
            if (!ReferenceEquals(value, _value) && !string.Equals(value, _value, StringComparison.Ordinal))
            {
                _utf8 = Encoding.UTF8.GetBytes(value);
                _value = value;
            }
            return _utf8;
        }
    }
}
