using System.Data;
using System.Data.Common;
using System.Text;
using Fabric.Persistence.GroupCommit;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Sql;

/// <summary>
/// A journal and snapshot store over one SQL database: every write goes through one group-commit writer
/// (its own connection), reads use separate pooled connections.
/// </summary>
public abstract class SqlStore : IJournal, ISnapshotStore, IAsyncDisposable
{
    private readonly SqlDialect _dialect;
    private readonly GroupCommitWriter _writer;
    private int _disposed;

    private protected SqlStore(
        SqlDialect dialect,
        Func<DbConnection> openWriter,
        int maxBatchSize,
        string name,
        bool alwaysSavepoints = false,
        TimeSpan maxDelay = default)
    {
        _dialect = dialect;
        _writer = new GroupCommitWriter(new SqlExecutor(openWriter, dialect), maxBatchSize, name, alwaysSavepoints, maxDelay);
    }

    /// <summary>Group-commit counters (batches, writes per batch).</summary>
    public GroupCommitMetrics Metrics => _writer.Metrics;

    public Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0) return Task.FromResult<IReadOnlyList<Exception?>>(Array.Empty<Exception?>());
        var request = new AtomicWriteBatchRequest(batch);
        _writer.Submit(request);
        return request.Task;
    }

    public Task WriteAsync(AtomicWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var request = new AtomicWriteRequest(write);
        _writer.Submit(request);
        return request.Task;
    }

    public void Write(AtomicWrite write, IAtomicWriteCallback callback)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(callback);
        _writer.Submit(new CallbackWriteRequest(write, callback));
    }

    public async Task ReplayAsync(
        string persistenceId,
        long fromSeq,
        long toSeq,
        long max,
        Action<PersistentRepresentation> onEvent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(onEvent);
        if (max <= 0 || toSeq < fromSeq) return;
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = SqlCommands.Create(connection, _dialect.Replay);
            SqlCommands.Add(command, "@pid", DbType.String, persistenceId);
            SqlCommands.Add(command, "@from", DbType.Int64, fromSeq);
            SqlCommands.Add(command, "@to", DbType.Int64, toSeq);
            SqlCommands.Add(command, "@max", DbType.Int64, max);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    onEvent(new PersistentRepresentation(
                        persistenceId,
                        reader.GetInt64(0),
                        reader.GetString(1),
                        reader.GetFieldValue<byte[]>(2),
                        reader.IsDBNull(3) ? null : TagsColumn.Decode(reader.GetString(3))));
                }
            }
        }
    }

    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSeq = 0)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var connection = await OpenReaderAsync(CancellationToken.None).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = SqlCommands.Create(connection, _dialect.HighestSequenceNr);
            SqlCommands.Add(command, "@pid", DbType.String, persistenceId);
            var result = await command.ExecuteScalarAsync().ConfigureAwait(false);
            return result is null || result is DBNull
                ? 0
                : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public Task DeleteToAsync(string persistenceId, long toSeq)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var request = new DeleteToRequest(persistenceId, toSeq);
        _writer.Submit(request);
        return request.Task;
    }

    public async Task<IReadOnlyList<string>> ReadPersistenceIdsAsync(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var ids = new List<string>();
        var connection = await OpenReaderAsync(CancellationToken.None).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = SqlCommands.Create(connection, _dialect.PersistenceIds);
            SqlCommands.Add(command, "@prefix", DbType.String, prefix);
            SqlCommands.Add(command, "@len", DbType.Int32, CountCodePoints(prefix));
            var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false)) ids.Add(reader.GetString(0));
            }
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    public Task SaveAsync(SnapshotMetadata metadata, string manifest, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(payload);
        var request = new SnapshotSaveRequest(metadata, manifest, payload);
        _writer.Submit(request);
        return request.Task;
    }

    public async Task<SelectedSnapshot?> LoadAsync(
        string persistenceId,
        SnapshotSelectionCriteria criteria,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = SqlCommands.Create(connection, _dialect.LoadSnapshot);
            AddCriteria(command, persistenceId, criteria);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
                var metadata = new SnapshotMetadata(
                    persistenceId,
                    reader.GetInt64(0),
                    SqlCommands.FromStored(reader.GetInt64(1)));
                return new SelectedSnapshot(metadata, reader.GetString(2), reader.GetFieldValue<byte[]>(3));
            }
        }
    }

    public Task DeleteAsync(SnapshotMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var criteria = new SnapshotSelectionCriteria(
            metadata.SequenceNr,
            DateTimeOffset.MaxValue,
            metadata.SequenceNr,
            DateTimeOffset.MinValue);
        return DeleteAsync(metadata.PersistenceId, criteria);
    }

    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        var request = new SnapshotDeleteRequest(persistenceId, criteria);
        _writer.Submit(request);
        return request.Task;
    }

    /// <summary>Writes everything queued, then closes the writer and the readers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _writer.DisposeAsync().ConfigureAwait(false);
        await DisposeReadersAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>An open connection for reading (pooled; disposing it returns it).</summary>
    private protected abstract ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    private protected abstract ValueTask DisposeReadersAsync();

    private static void AddCriteria(DbCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        SqlCommands.Add(command, "@pid", DbType.String, persistenceId);
        SqlCommands.Add(command, "@minSeq", DbType.Int64, criteria.MinSequenceNr);
        SqlCommands.Add(command, "@maxSeq", DbType.Int64, criteria.MaxSequenceNr);
        SqlCommands.Add(command, "@minTs", DbType.Int64, SqlCommands.ToStored(criteria.MinTimestamp));
        SqlCommands.Add(command, "@maxTs", DbType.Int64, SqlCommands.ToStored(criteria.MaxTimestamp));
    }

    // SQL substr counts characters (code points), not UTF-16 units.
    private static int CountCodePoints(string s)
    {
        var count = 0;
        foreach (var unused in s.EnumerateRunes()) count++;
        return count;
    }
}
