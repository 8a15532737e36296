using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabric.Node.Memory;

/// <summary>Checks every <see cref="Interval"/> whether the heap should give memory back (<see cref="HeapReclaimPolicy"/>).</summary>
internal sealed class HeapReclaimService(ILogger<HeapReclaimService> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly HeapReclaimPolicy _policy = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Check();
        }
        catch (OperationCanceledException)
        {
            // the node stops
        }
    }

    private void Check()
    {
        long heap = GC.GetTotalMemory(false);
        long committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        if (!_policy.ShouldReclaim(GC.GetTotalAllocatedBytes(), heap, committed)) return;
        // Aggressive: compacts every generation and decommits what it freed (a plain full GC keeps it committed).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        long after = GC.GetTotalMemory(false);
        _policy.Reclaimed(after);
        log.LogInformation("Quiet node: heap {Before} MB -> {After} MB, GC committed {Committed} MB -> {CommittedAfter} MB",
            heap >> 20, after >> 20, committed >> 20, GC.GetGCMemoryInfo().TotalCommittedBytes >> 20);
    }
}
