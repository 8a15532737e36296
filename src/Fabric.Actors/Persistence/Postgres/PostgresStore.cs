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

    private PostgresStore(NpgsqlDataSource dataSource, PostgresDialect dialect, PostgresSettings settings)
        : base(dialect, () => dataSource.OpenConnection(), settings.MaxBatchSize, "fabric-postgres-writer")
    {
        _dataSource = dataSource;
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
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                SqlSchema.Ensure(connection, dialect, description);
            }

            return new PostgresStore(dataSource, dialect, settings);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw new PersistenceStartupException($"{description} cannot be opened: {e.Message}", e);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override async ValueTask<DbConnection> OpenReaderAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private protected override ValueTask DisposeReadersAsync() => _dataSource.DisposeAsync();
}
