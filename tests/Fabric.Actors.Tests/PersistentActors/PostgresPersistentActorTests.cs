using Fabric.Actors.Tests.Persistence;
using Fabric.Persistence.Postgres;
using Fabric.Persistence.Sql;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.PersistentActors;

/// <summary>
/// Needs a server: <c>export FABRIC_TEST_POSTGRES="$(scripts/start-postgres.sh)"</c>; without it every test fails
/// with a message saying so. Skip with <c>--filter "Requires!=postgres"</c>. Uses its own schema, dropped afterwards.
/// </summary>
[Trait("Requires", "postgres")]
public sealed class PostgresPersistentActorTests(ITestOutputHelper output) : PersistentActorTests(output)
{
    private readonly string _schema = "fabric_test_" + Guid.NewGuid().ToString("N");

    private protected override async Task<SqlStore> OpenStoreAsync() =>
        await PostgresStore.OpenAsync(new PostgresSettings(PostgresPersistenceTests.ConnectionString) { Schema = _schema });

    protected override async Task CleanupAsync()
    {
        if (Environment.GetEnvironmentVariable(PostgresPersistenceTests.EnvironmentVariable) is not { Length: > 0 }) return;
        await using var connection = new NpgsqlConnection(PostgresPersistenceTests.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
