using Fabric.Actors.Tests.Persistence;
using Fabric.Configuration;
using Npgsql;
using Xunit;

namespace Fabric.Actors.Tests.Broker.Security;

/// <summary>The security store scenarios on PostgreSQL (needs FABRIC_TEST_POSTGRES; a schema of its own, dropped afterwards).</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresSecurityStoreTests : SecurityStoreTests
{
    private readonly string _schema = "fabric_security_" + Guid.NewGuid().ToString("N");

    protected override PersistenceSettings Persistence => new(PersistenceProvider.Postgres,
        new Configuration.SqliteSettings("unused.db"), new PostgresSettings(PostgresPersistenceTests.ConnectionString, _schema),
        new GroupCommitSettings(100, TimeSpan.Zero), 0);

    public override async Task DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresPersistenceTests.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<IReadOnlyList<(string PersistenceId, string Manifest, byte[] Payload)>> ReadRowsAsync()
    {
        var rows = new List<(string, string, byte[])>();
        await using var connection = new NpgsqlConnection(PostgresPersistenceTests.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "journal", "snapshot" })
        {
            await using var command = new NpgsqlCommand($"SELECT persistence_id, manifest, payload FROM \"{_schema}\".{table}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)));
        }
        return rows;
    }
}
