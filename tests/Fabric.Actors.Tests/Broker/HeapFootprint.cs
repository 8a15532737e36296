using System.Diagnostics;

namespace Fabric.Actors.Tests.Broker;

/// <summary>What making <c>count</c> items cost: managed heap held after full collections, bytes allocated, and
/// CPU and wall time, each per item.</summary>
internal readonly record struct HeapFootprint(double HeldPerItem, long AllocatedPerItem, TimeSpan CpuPerItem, TimeSpan WallPerItem)
{
    /// <summary>Makes items 0..count-1 one after another; the heap is measured before and after with full collections
    /// (so warm up first: JIT and first-use allocations are not per item).</summary>
    public static async Task<HeapFootprint> MeasureAsync(int count, Func<int, Task> make)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) await make(i);
        var wall = watch.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return new HeapFootprint((after - before) / (double)count, allocated / count, cpu / count, wall / count);
    }
}
