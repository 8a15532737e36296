using Fabric.Persistence.Postgres;
using Fabric.Persistence.Sql;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>
/// Needs a server: <c>export FABRIC_TEST_POSTGRES="$(scripts/start-postgres.sh)"</c>. Skip with
/// <c>--filter "Requires!=postgres"</c>. Each test uses its own schema, dropped afterwards.
/// </summary>
[Trait("Requires", "postgres")]
public sealed class PostgresPersistenceTests : PersistenceSpiTests
{
    internal const string EnvironmentVariable = "FABRIC_TEST_POSTGRES";

    private readonly string _schema = "fabric_test_" + Guid.NewGuid().ToString("N");

    public PostgresPersistenceTests(ITestOutputHelper output) : base(output) { }

    internal static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"PostgreSQL tests need the environment variable {EnvironmentVariable}. Run: " +
                $"export {EnvironmentVariable}=\"$(scripts/start-postgres.sh)\" -- or skip them with " +
                "dotnet test --filter \"Requires!=postgres\".");

    protected override async Task<SqlStore> OpenStoreAsync(int maxBatchSize) =>
        await PostgresStore.OpenAsync(new PostgresSettings(ConnectionString) { Schema = _schema, MaxBatchSize = maxBatchSize });

    /// <summary>The old store is left running un-disposed; a new one (new connections) must see all acknowledged data.</summary>
    protected override async Task<SqlStore> CrashAndReopenAsync(SqlStore store) => await OpenAsync();

    protected override async Task BumpSchemaVersionAsync() =>
        await ExecuteAsync($"UPDATE \"{_schema}\".schema_version SET version = 2");

    [Fact]
    public async Task The_writer_reconnects_after_its_connection_is_killed()
    {
        await Store.WriteAsync(Single("q-k", 1)).WaitAsync(TimeSpan.FromSeconds(60));
        var writer = $"FROM pg_stat_activity WHERE application_name = '{PostgresStore.WriterApplicationName(_schema)}'";
        Assert.Equal(1L, await ScalarAsync("SELECT count(pg_terminate_backend(pid)) " + writer));
        // pg_terminate_backend only signals: wait until the backend is really gone.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Equals(await ScalarAsync("SELECT count(*) " + writer), 0L))
        {
            Assert.True(DateTime.UtcNow < deadline, "the writer's backend did not exit");
            await Task.Delay(20);
        }

        // The batch on the dead connection fails as a whole (not as a rejection); the next one runs on a new connection.
        var failed = await Record.ExceptionAsync(() => Store.WriteAsync(Single("q-k", 2)).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.NotNull(failed);
        Assert.IsNotType<Fabric.Persistence.Journal.AtomicWriteRejectedException>(failed);
        await Store.WriteAsync(Single("q-k", 2)).WaitAsync(TimeSpan.FromSeconds(60));
        await Store.WriteAsync(Range("q-k", 3, 4)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(4, await Store.ReadHighestSequenceNrAsync("q-k"));
    }

    [Fact]
    public Task Measure_single_event_writes_from_64_concurrent_writers() =>
        ThroughputMeasurement.RunAsync(Store, Output, "PostgreSQL", writers: 64, writesPerWriter: 100);

    [Fact]
    public async Task The_writer_turns_synchronous_commit_back_on()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Options = "-c synchronous_commit=off" };
        await using var source = NpgsqlDataSource.Create(builder);

        await using var writer = PostgresStore.OpenWriter(source);

        await using var show = new NpgsqlCommand("SHOW synchronous_commit", writer);
        Assert.Equal("on", await show.ExecuteScalarAsync());
    }

    protected override async Task CleanupAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 })
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
    }

    private static async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
