using Fabric.Persistence.Sql;
using Fabric.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Persistence;

public sealed class SqlitePersistenceTests : PersistenceSpiTests
{
    private readonly TempDatabaseFile _file = new();

    public SqlitePersistenceTests(ITestOutputHelper output) : base(output) { }

    protected override Task<SqlStore> OpenStoreAsync(int maxBatchSize) =>
        Task.FromResult<SqlStore>(SqliteStore.Open(new SqliteSettings(_file.Path) { MaxBatchSize = maxBatchSize }));

    /// <summary>
    /// Copies the database and its WAL while the store still runs (no close, no checkpoint): the copy is what a
    /// node finds after a crash, since every acknowledged commit was already fsync'd to those files.
    /// </summary>
    protected override Task<SqlStore> CrashAndReopenAsync(SqlStore store)
    {
        var copy = _file.Sibling("crashed.db");
        File.Copy(_file.Path, copy);
        Assert.True(File.Exists(_file.Path + "-wal"), "expected an un-checkpointed WAL beside the live database");
        File.Copy(_file.Path + "-wal", copy + "-wal");
        var reopened = SqliteStore.Open(new SqliteSettings(copy));
        Track(reopened);
        return Task.FromResult<SqlStore>(reopened);
    }

    protected override async Task BumpSchemaVersionAsync()
    {
        await Store.DisposeAsync();
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE schema_version SET version = 2";
        command.ExecuteNonQuery();
    }

    protected override Task CleanupAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}
