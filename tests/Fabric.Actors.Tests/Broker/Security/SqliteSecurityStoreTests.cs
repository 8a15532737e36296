using Fabric.Actors.Tests.DurableBroker;
using Fabric.Actors.Tests.Persistence;
using Fabric.Configuration;
using Fabric.Persistence;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.Broker.Security;

public sealed class SqliteSecurityStoreTests : SecurityStoreTests
{
    private readonly TempDatabaseFile _file = new();

    protected override PersistenceSettings Persistence => new(PersistenceProvider.Sqlite,
        new Configuration.SqliteSettings(_file.Path), new PostgresSettings("", "fabric"), new GroupCommitSettings(100, TimeSpan.Zero), 0);

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_corrupt_security_event_fails_the_start_naming_the_file_and_the_persistence_id()
    {
        await using (var node = await DurableNode.StartAsync(_file.Path))
        {
            await node.Broker.Admin.AddUserAsync("x", "y", []);
        }
        await using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE journal SET payload = x'05' WHERE persistence_id = 'security' AND manifest = 'ua1'";
            Assert.True(await command.ExecuteNonQueryAsync() >= 1);
        }

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => DurableNode.StartAsync(_file.Path));
        Assert.Contains(_file.Path, error.Message);
        Assert.Contains("'security'", error.Message);
        Assert.Contains("ua1", error.Message);
    }

    protected override async Task<IReadOnlyList<(string PersistenceId, string Manifest, byte[] Payload)>> ReadRowsAsync()
    {
        var rows = new List<(string, string, byte[])>();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _file.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        foreach (var table in new[] { "journal", "snapshot" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT persistence_id, manifest, payload FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)));
        }
        return rows;
    }
}
