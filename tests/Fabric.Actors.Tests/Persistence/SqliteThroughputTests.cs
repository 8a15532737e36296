using System.Diagnostics;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>Measures (prints, does not assert speed) durable single-event writes from many concurrent writers.</summary>
public sealed class SqliteThroughputTests : IDisposable
{
    private const int Writers = 64;
    private const int WritesPerWriter = 200;

    private readonly TempDatabaseFile _file = new();
    private readonly ITestOutputHelper _output;

    public SqliteThroughputTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _file.Dispose();

    [Fact]
    public Task Single_event_writes_from_64_concurrent_writers() => MeasureAsync("fast path", alwaysSavepoints: false);

    [Fact]
    public Task Single_event_writes_from_64_concurrent_writers_with_a_savepoint_each() =>
        MeasureAsync("savepoint per write", alwaysSavepoints: true);

    private async Task MeasureAsync(string mode, bool alwaysSavepoints)
    {
        await using var store = SqliteStore.Open(new SqliteSettings(_file.Path) { AlwaysSavepoints = alwaysSavepoints });
        var payload = new byte[200];
        var stopwatch = Stopwatch.StartNew();
        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var pid = $"bench-{w}";
            writers[w] = Task.Run(async () =>
            {
                for (var s = 1; s <= WritesPerWriter; s++)
                    await store.WriteAsync(new AtomicWrite(new PersistentRepresentation(pid, s, "m", payload)));
            });
        }

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(5));
        stopwatch.Stop();

        const int total = Writers * WritesPerWriter;
        _output.WriteLine(
            $"SQLite {mode}: {total} durable single-event writes from {Writers} writers in {stopwatch.Elapsed.TotalSeconds:F2}s " +
            $"= {total / stopwatch.Elapsed.TotalSeconds:F0} writes/s; {store.Metrics}");
        Assert.Equal(total, store.Metrics.Writes);
        Assert.Equal(WritesPerWriter, await store.ReadHighestSequenceNrAsync("bench-63"));
    }
}
