using Fabric.Actors.Tests.Persistence;
using Fabric.Configuration;
using Microsoft.Data.Sqlite;

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
