using System.Data.Common;
using Fabric.Persistence.Sql;
using Npgsql;

namespace Fabric.Persistence.Postgres;

/// <summary>
/// The PostgreSQL store: one writer connection owned by the group-commit writer, pooled reader connections,
/// bytea payloads, tables in a configurable schema.
/// </summary>
public sealed class PostgresStore : SqlStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _writerSource;

    private PostgresStore(
        NpgsqlDataSource dataSource,
        NpgsqlDataSource writerSource,
        PostgresDialect dialect,
        PostgresSettings settings)
        : base(dialect, () => OpenWriter(writerSource), settings.MaxBatchSize, "fabric-postgres-writer", maxDelay: settings.MaxDelay)
    {
        _dataSource = dataSource;
        _writerSource = writerSource;
    }

    /// <summary>Opens the store, creating its schema if missing; throws <see cref="PersistenceStartupException"/> when unusable.</summary>
    public static async Task<PostgresStore> OpenAsync(PostgresSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new PersistenceStartupException($"PostgreSQL connection string is invalid: {e.Message}", e);
        }

        var description =
            $"PostgreSQL store (host {builder.Host}, port {builder.Port}, database {builder.Database}, schema {settings.Schema})";
        var dialect = new PostgresDialect(settings.Schema);
        var dataSource = NpgsqlDataSource.Create(builder);
        // The writer's own connection, named so operators (and tests) can find it in pg_stat_activity.
        var writerSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            ApplicationName = WriterApplicationName(settings.Schema),
            MaxPoolSize = 1,
        });
        try
        {
            // Synchronous from the open on: a synchronous command on a connection opened asynchronously waits for the
            // socket engine, and with inline socket completions this code may be running on that engine's thread.
            cancellationToken.ThrowIfCancellationRequested();
            using (var connection = dataSource.OpenConnection())
            {
                SqlSchema.Ensure(connection, dialect, description);
            }

            return new PostgresStore(dataSource, writerSource, dialect, settings);
        }
        catch (Exception e)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            await writerSource.DisposeAsync().ConfigureAwait(false);
            if (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
                throw new PersistenceStartupException($"{description} cannot be opened: {e.Message}", e);
            throw;
        }
    }

    /// <summary>
    /// The writer's connection. A commit must be durable when acknowledged: synchronous_commit is left as the server
    /// has it unless that is off, which would acknowledge commits before they reach disk.
    /// </summary>
    internal static NpgsqlConnection OpenWriter(NpgsqlDataSource source)
    {
        var connection = source.OpenConnection();
        try
        {
            using var show = new NpgsqlCommand("SHOW synchronous_commit", connection);
            if (string.Equals(show.ExecuteScalar() as string, "off", StringComparison.OrdinalIgnoreCase))
            {
                using var set = new NpgsqlCommand("SET synchronous_commit TO on", connection);
                set.ExecuteNonQuery();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The application_name of the writer's connection (PostgreSQL keeps 63 bytes of it).</summary>
    internal static string WriterApplicationName(string schema)
    {
        var name = "fabric-writer:" + schema;
        return name.Length <= 63 ? name : name[..63];
    }

    private protected override async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private protected override async ValueTask DisposeReadersAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _writerSource.DisposeAsync().ConfigureAwait(false);
    }
}
