using System.Data.Common;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Fabric.Persistence.Postgres;

/// <summary>
/// Collects a batch's journal rows into column arrays and inserts them with one statement (unnest), so a
/// group commit costs one round trip for its rows instead of one per row.
/// </summary>
internal sealed class UnnestEventRows : EventRows
{
    private readonly NpgsqlCommand _insert;
    private readonly NpgsqlParameter _created;
    private readonly List<string> _pids = new();
    private readonly List<long> _seqs = new();
    private readonly List<string> _manifests = new();
    private readonly List<byte[]> _payloads = new();
    private readonly List<string?> _tags = new();

    internal UnnestEventRows(NpgsqlConnection connection, string journalTable)
    {
        _insert = new NpgsqlCommand(
            $"INSERT INTO {journalTable} (persistence_id, sequence_nr, manifest, payload, created, tags) " +
            "SELECT u.p, u.s, u.m, u.b, @created, u.t FROM unnest(@pids, @seqs, @manifests, @payloads, @tags) " +
            "AS u(p, s, m, b, t)",
            connection);
        _insert.Parameters.Add(new NpgsqlParameter("pids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _pids });
        _insert.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _seqs });
        _insert.Parameters.Add(new NpgsqlParameter("manifests", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _manifests });
        _insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = _payloads });
        _insert.Parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _tags });
        _created = new NpgsqlParameter("created", NpgsqlDbType.Bigint) { Value = 0L };
        _insert.Parameters.Add(_created);
        _insert.Prepare();
    }

    internal override void Begin(DbTransaction? transaction, long createdTicks)
    {
        Clear();
        _insert.Transaction = (NpgsqlTransaction?)transaction;
        _created.Value = createdTicks;
    }

    internal override void Add(PersistentRepresentation row)
    {
        var tags = TagsColumn.Encode(row.Tags) as string; // may throw: before any column grows
        _pids.Add(row.PersistenceId);
        _seqs.Add(row.SequenceNr);
        _manifests.Add(row.Manifest);
        _payloads.Add(row.Payload);
        _tags.Add(tags);
    }

    internal override void Flush()
    {
        if (_pids.Count == 0) return;
        try
        {
            _insert.ExecuteNonQuery();
        }
        finally
        {
            Clear();
        }
    }

    internal override void Discard() => Clear();

    public override void Dispose() => _insert.Dispose();

    private void Clear()
    {
        _pids.Clear();
        _seqs.Clear();
        _manifests.Clear();
        _payloads.Clear();
        _tags.Clear();
    }
}
