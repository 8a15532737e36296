using Fabric.Persistence.Journal;
using Fabric.Persistence.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>fabric.persistence.group-commit.max-delay: a batch that is not full waits that long for more writes.</summary>
public sealed class GroupCommitDelayTests : IDisposable
{
    private readonly TempDatabaseFile _file = new();

    public void Dispose() => _file.Dispose();

    private static AtomicWrite Write(string pid) => new(new PersistentRepresentation(pid, 1, "m", [1, 2, 3]));

    [Fact]
    public async Task A_write_waits_for_more_until_the_batch_is_full()
    {
        await using var store = SqliteStore.Open(new SqliteSettings(_file.Path)
        {
            MaxBatchSize = 2,
            MaxDelay = TimeSpan.FromMinutes(5),
        });
        var first = store.WriteAsync(Write("a"));
        await Task.Delay(300); // the pause is the point: the writer holds the first write for a second one
        Assert.False(first.IsCompleted);
        var second = store.WriteAsync(Write("b"));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(60)); // full: not the five minutes
        Assert.Equal(1, store.Metrics.Batches);
        Assert.Equal(2, store.Metrics.Writes);
        Assert.Equal(1, await store.ReadHighestSequenceNrAsync("b"));
    }

    [Fact]
    public async Task A_lone_write_commits_when_the_delay_ends()
    {
        await using var store = SqliteStore.Open(new SqliteSettings(_file.Path) { MaxDelay = TimeSpan.FromMilliseconds(200) });
        await store.WriteAsync(Write("a")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, store.Metrics.Batches);
        Assert.Equal(1, await store.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task Without_a_delay_a_lone_write_commits_at_once()
    {
        await using var store = SqliteStore.Open(new SqliteSettings(_file.Path));
        await store.WriteAsync(Write("a")).WaitAsync(TimeSpan.FromSeconds(30));
        await store.WriteAsync(Write("b")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, store.Metrics.Batches);
    }
}
