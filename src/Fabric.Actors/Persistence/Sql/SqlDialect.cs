namespace Fabric.Persistence.Sql;

/// <summary>
/// The SQL of one provider. Tables follow Akka.Persistence.Sql: journal, journal_metadata (highest sequence number
/// of deleted events), snapshot, plus schema_version. Parameters are named @x (both providers accept that).
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The schema version this code writes; a store with a newer one is refused.</summary>
    internal const int SchemaVersion = 1;

    protected SqlDialect(string tablePrefix, string greatest)
    {
        Journal = tablePrefix + "journal";
        Metadata = tablePrefix + "journal_metadata";
        Snapshot = tablePrefix + "snapshot";
        Version = tablePrefix + "schema_version";

        InsertEvent =
            $"INSERT INTO {Journal} (persistence_id, sequence_nr, manifest, payload, created, tags) " +
            "VALUES (@pid, @seq, @manifest, @payload, @created, @tags)";
        // Remember the highest deleted sequence number so the highest stays known once its row is gone.
        MarkDeleted =
            $"INSERT INTO {Metadata} (persistence_id, sequence_nr) " +
            $"SELECT persistence_id, MAX(sequence_nr) FROM {Journal} WHERE persistence_id = @pid AND sequence_nr <= @to " +
            "GROUP BY persistence_id " +
            $"ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = {greatest}(journal_metadata.sequence_nr, excluded.sequence_nr)";
        DeleteEvents = $"DELETE FROM {Journal} WHERE persistence_id = @pid AND sequence_nr <= @to";
        SaveSnapshot =
            $"INSERT INTO {Snapshot} (persistence_id, sequence_nr, created, manifest, payload) " +
            "VALUES (@pid, @seq, @created, @manifest, @payload) " +
            "ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET " +
            "created = excluded.created, manifest = excluded.manifest, payload = excluded.payload";
        DeleteSnapshots =
            $"DELETE FROM {Snapshot} WHERE persistence_id = @pid AND sequence_nr >= @minSeq AND sequence_nr <= @maxSeq " +
            "AND created >= @minTs AND created <= @maxTs";

        Replay =
            $"SELECT sequence_nr, manifest, payload, tags FROM {Journal} " +
            "WHERE persistence_id = @pid AND sequence_nr >= @from AND sequence_nr <= @to ORDER BY sequence_nr LIMIT @max";
        HighestSequenceNr =
            $"SELECT MAX(h.m) FROM (SELECT MAX(sequence_nr) AS m FROM {Journal} WHERE persistence_id = @pid " +
            $"UNION ALL SELECT sequence_nr AS m FROM {Metadata} WHERE persistence_id = @pid) AS h";
        PersistenceIds =
            $"SELECT persistence_id FROM {Journal} WHERE substr(persistence_id, 1, @len) = @prefix " +
            $"UNION SELECT persistence_id FROM {Metadata} WHERE substr(persistence_id, 1, @len) = @prefix " +
            $"UNION SELECT persistence_id FROM {Snapshot} WHERE substr(persistence_id, 1, @len) = @prefix";
        LoadSnapshot =
            $"SELECT sequence_nr, created, manifest, payload FROM {Snapshot} " +
            "WHERE persistence_id = @pid AND sequence_nr >= @minSeq AND sequence_nr <= @maxSeq " +
            "AND created >= @minTs AND created <= @maxTs ORDER BY sequence_nr DESC LIMIT 1";
        ReadVersion = $"SELECT MAX(version) FROM {Version}";
        InsertVersion = $"INSERT INTO {Version} (version) VALUES (@version)";
    }

    internal string Journal { get; }

    internal string Metadata { get; }

    internal string Snapshot { get; }

    internal string Version { get; }

    internal string InsertEvent { get; }

    internal string MarkDeleted { get; }

    internal string DeleteEvents { get; }

    internal string SaveSnapshot { get; }

    internal string DeleteSnapshots { get; }

    internal string Replay { get; }

    internal string HighestSequenceNr { get; }

    internal string PersistenceIds { get; }

    internal string LoadSnapshot { get; }

    internal string ReadVersion { get; }

    internal string InsertVersion { get; }

    /// <summary>Statements creating whatever is missing (idempotent).</summary>
    internal abstract IReadOnlyList<string> CreateSchema { get; }

    /// <summary>Run first in the schema transaction so concurrent starters do not race (null: not needed).</summary>
    internal virtual string? SchemaLock => null;

    /// <summary>How the writer inserts journal rows on its connection.</summary>
    internal abstract EventRows CreateEventRows(System.Data.Common.DbConnection connection);

    /// <summary>How the writer begins and ends its transactions on its connection.</summary>
    internal virtual WriterTransaction CreateWriterTransaction(System.Data.Common.DbConnection connection) =>
        new AdoWriterTransaction(connection);

    /// <summary>True when the error rejects the data (constraint violation, bad value), not the store.</summary>
    internal abstract bool IsRejection(Exception error);
}
