using Fabric.Node.Tests.Host;
using Npgsql;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// The store of one kill test, shared by every life of its node: a fresh data directory, and for PostgreSQL a fresh
/// database (<c>fabric_kill_&lt;guid&gt;</c>; the store keys rows by persistence id only, so nodes sharing a database
/// would see each other's queues). Both are removed on dispose.
/// </summary>
public sealed class KillStore : IAsyncDisposable
{
    /// <summary>The server for PostgreSQL tests; CI always sets it.</summary>
    public const string PostgresVariable = "FABRIC_TEST_POSTGRES";

    private readonly string? _adminConnection;
    private readonly string? _database;
    private readonly Dictionary<string, string?> _environment = new();

    private KillStore(StoreProvider provider, string? adminConnection, string? database)
    {
        Provider = provider;
        _adminConnection = adminConnection;
        _database = database;
        DataDirectory = Path.Combine(Path.GetTempPath(), "fabric-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _environment["FABRIC_PERSISTENCE_PROVIDER"] = provider == StoreProvider.Postgres ? "postgres" : "sqlite";
        if (adminConnection is not null)
            _environment["FABRIC_POSTGRES_CONNECTION"] =
                new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ConnectionString;
    }

    public StoreProvider Provider { get; }

    public string DataDirectory { get; }

    public static string? PostgresConnection =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static async Task<KillStore> CreateAsync(StoreProvider provider)
    {
        if (provider == StoreProvider.Sqlite) return new KillStore(provider, null, null);
        var admin = PostgresConnection ?? throw new InvalidOperationException(
            $"PostgreSQL kill tests need {PostgresVariable} (run: export {PostgresVariable}=\"$(scripts/start-postgres.sh)\")");
        var database = "fabric_kill_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"");
        return new KillStore(provider, admin, database);
    }

    /// <summary>How to start the node on this store (a new free port each life).</summary>
    public NodeProcessOptions NodeOptions() => new() { DataDirectory = DataDirectory, Environment = _environment };

    /// <summary>
    /// Whether the journal of <paramref name="persistenceId"/> was compacted (its first events deleted, or a snapshot
    /// saved). Read straight from the store while the node is down.
    /// </summary>
    public async Task<bool> IsCompactedAsync(string persistenceId)
    {
        const string Query =
            "SELECT (SELECT COALESCE(MIN(sequence_nr), 0) FROM {0}journal WHERE persistence_id = @pid), " +
            "(SELECT COUNT(*) FROM {0}snapshot WHERE persistence_id = @pid)";
        System.Data.Common.DbConnection connection = _database is null
            ? new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(DataDirectory, "fabric.db"),
                Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ConnectionString)
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_environment["FABRIC_POSTGRES_CONNECTION"]) { Pooling = false }
                .ConnectionString);
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, Query,
                _database is null ? "" : "fabric.");
            var parameter = command.CreateParameter();
            parameter.ParameterName = "pid";
            parameter.Value = persistenceId;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return reader.GetInt64(0) > 1 || reader.GetInt64(1) > 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await ExecuteAsync(_adminConnection!, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        // Not pooled: a pooled idle connection to the dropped database would linger in the pool.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
