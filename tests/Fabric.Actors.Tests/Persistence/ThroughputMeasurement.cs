using System.Diagnostics;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Sql;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>Durable single-event writes from many concurrent writers, each awaiting its write: printed, not asserted.</summary>
internal static class ThroughputMeasurement
{
    internal static async Task RunAsync(SqlStore store, ITestOutputHelper output, string label, int writers, int writesPerWriter)
    {
        var payload = new byte[200];
        var stopwatch = Stopwatch.StartNew();
        var tasks = new Task[writers];
        for (var w = 0; w < writers; w++)
        {
            var pid = $"bench-{w}";
            tasks[w] = Task.Run(async () =>
            {
                for (var s = 1; s <= writesPerWriter; s++)
                    await store.WriteAsync(new AtomicWrite(new PersistentRepresentation(pid, s, "m", payload)));
            });
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(5));
        stopwatch.Stop();

        var total = writers * writesPerWriter;
        output.WriteLine(
            $"{label}: {total} durable single-event writes from {writers} writers in {stopwatch.Elapsed.TotalSeconds:F2}s " +
            $"= {total / stopwatch.Elapsed.TotalSeconds:F0} writes/s; {store.Metrics}");
        Assert.Equal(total, store.Metrics.Writes);
        Assert.Equal(writesPerWriter, await store.ReadHighestSequenceNrAsync($"bench-{writers - 1}"));
    }
}
