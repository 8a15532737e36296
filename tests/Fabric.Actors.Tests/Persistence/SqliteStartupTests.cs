using Fabric.Persistence;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>A damaged SQLite file must stop the node with a message naming the file and the damage.</summary>
public sealed class SqliteStartupTests : IDisposable
{
    private readonly TempDatabaseFile _file = new();
    private readonly ITestOutputHelper _output;

    public SqliteStartupTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task A_new_file_is_created_in_wal_mode_and_reopens()
    {
        await using (var store = SqliteStore.Open(new SqliteSettings(_file.Path)))
            await store.WriteAsync(new AtomicWrite(new PersistentRepresentation("p", 1, "m", [1])));

        using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", command.ExecuteScalar());
        }

        await using var reopened = SqliteStore.Open(new SqliteSettings(_file.Path));
        Assert.Equal(1, await reopened.ReadHighestSequenceNrAsync("p"));
    }

    [Fact]
    public async Task A_missing_directory_is_created()
    {
        var path = _file.Sibling(Path.Combine("data", "node-1", "fabric.db"));

        await using var store = SqliteStore.Open(new SqliteSettings(path));

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void A_file_of_garbage_is_refused()
    {
        var garbage = new byte[16384];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(_file.Path, garbage);

        var error = OpenFails();

        Assert.Contains("not a SQLite database", error.Message);
    }

    [Fact]
    public void A_file_cut_short_of_its_header_is_refused()
    {
        File.WriteAllBytes(_file.Path, [.. "SQLite format 3\0"u8, 1, 2, 3]);

        Assert.Contains("truncated", OpenFails().Message);
    }

    [Fact]
    public async Task A_file_cut_in_the_middle_of_a_page_is_refused()
    {
        var length = await CreateStoreWithDataAsync();
        Truncate(length / 2 + 100);

        Assert.Contains("truncated", OpenFails().Message);
    }

    [Fact]
    public async Task A_file_cut_at_a_page_boundary_is_refused()
    {
        var length = await CreateStoreWithDataAsync();
        Truncate(length / 2 / 4096 * 4096);

        Assert.Contains("truncated", OpenFails().Message);
    }

    [Fact]
    public async Task A_file_with_garbage_over_its_pages_is_refused()
    {
        var length = await CreateStoreWithDataAsync();
        using (var stream = new FileStream(_file.Path, FileMode.Open, FileAccess.Write))
        {
            var garbage = new byte[4096 * 4];
            new Random(7).NextBytes(garbage);
            stream.Position = length / 2 / 4096 * 4096;
            stream.Write(garbage);
        }

        var error = OpenFails();

        Assert.True(
            error.Message.Contains("corrupt", StringComparison.Ordinal) ||
            error.Message.Contains("damaged", StringComparison.Ordinal),
            error.Message);
    }

    private PersistenceStartupException OpenFails()
    {
        var error = Assert.Throws<PersistenceStartupException>(() => SqliteStore.Open(new SqliteSettings(_file.Path)));
        _output.WriteLine(error.Message);
        Assert.Contains(_file.Path, error.Message);
        return error;
    }

    private void Truncate(long length)
    {
        using var stream = new FileStream(_file.Path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    /// <summary>Writes enough to span many pages, closes cleanly (checkpointed), returns the file length.</summary>
    private async Task<long> CreateStoreWithDataAsync()
    {
        await using (var store = SqliteStore.Open(new SqliteSettings(_file.Path)))
        {
            var writes = new List<AtomicWrite>();
            for (var i = 0; i < 200; i++)
                writes.Add(new AtomicWrite(new PersistentRepresentation($"p{i}", 1, "m", new byte[1000])));
            var results = await store.WriteAsync(writes);
            Assert.All(results, Assert.Null);
        }

        Assert.False(File.Exists(_file.Path + "-wal") && new FileInfo(_file.Path + "-wal").Length > 0, "WAL not checkpointed");
        var length = new FileInfo(_file.Path).Length;
        Assert.True(length > 40 * 4096, $"file too small for the test: {length}");
        return length;
    }
}
