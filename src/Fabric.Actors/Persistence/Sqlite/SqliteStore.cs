using System.Data.Common;
using Fabric.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace Fabric.Persistence.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL (a commit is fsync'd before callers hear
/// of it). One writer connection belongs to the group-commit writer; replay and other reads use pooled read-only
/// connections, which WAL lets run beside the writer.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly string _readerConnectionString;

    private SqliteStore(string path, string writerConnectionString, string readerConnectionString, SqliteSettings settings)
        : base(
            SqliteDialect.Instance,
            () => OpenWriter(writerConnectionString, settings.BusyTimeout),
            settings.MaxBatchSize,
            "fabric-sqlite-writer",
            settings.AlwaysSavepoints,
            settings.MaxDelay)
    {
        Path = path;
        _readerConnectionString = readerConnectionString;
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if missing) the store; throws <see cref="PersistenceStartupException"/> when unusable.</summary>
    public static SqliteStore Open(SqliteSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = System.IO.Path.GetFullPath(settings.Path);
        SqliteFileCheck.ThrowIfDamaged(path);
        try
        {
            if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PersistenceStartupException($"SQLite store '{path}': cannot create its directory: {e.Message}", e);
        }

        var timeoutSeconds = (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds);
        var writer = ConnectionString(path, SqliteOpenMode.ReadWriteCreate, pooling: false, timeoutSeconds);
        var reader = ConnectionString(path, SqliteOpenMode.ReadOnly, pooling: true, timeoutSeconds);

        try
        {
            using (var connection = OpenWriter(writer, settings.BusyTimeout))
            {
                if (settings.CheckIntegrityOnOpen) CheckIntegrity(connection, path);
                SqlSchema.Ensure(connection, SqliteDialect.Instance, $"SQLite store '{path}'");
            }

            return new SqliteStore(path, writer, reader, settings);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            throw SqliteFileCheck.Damaged(path, $"is damaged ({e.Message})", e);
        }
        catch (SqliteException e)
        {
            throw new PersistenceStartupException($"SQLite store '{path}' cannot be opened: {e.Message}", e);
        }
    }

    private protected override async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override ValueTask DisposeReadersAsync()
    {
        using (var connection = new SqliteConnection(_readerConnectionString)) SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static string ConnectionString(string path, SqliteOpenMode mode, bool pooling, int timeoutSeconds) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Cache = SqliteCacheMode.Private,
            Pooling = pooling,
            DefaultTimeout = timeoutSeconds,
        }.ToString();

    private static SqliteConnection OpenWriter(string connectionString, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Pragma(connection, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}");
            Pragma(connection, "PRAGMA journal_mode = WAL");
            Pragma(connection, "PRAGMA synchronous = FULL");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteScalar();
    }

    private static void CheckIntegrity(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5)";
        var problems = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var line = reader.GetString(0);
                if (!string.Equals(line, "ok", StringComparison.Ordinal)) problems.Add(line);
            }
        }

        if (problems.Count > 0)
            throw SqliteFileCheck.Damaged(path, "is corrupt (quick_check: " + string.Join("; ", problems).ReplaceLineEndings(" ") + ")");
    }
}
