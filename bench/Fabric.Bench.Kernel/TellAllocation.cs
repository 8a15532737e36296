using System.Diagnostics;
using Fabric.Actors;

namespace Fabric.Bench.Kernel;

/// <summary>Bytes allocated by the telling thread per Tell of a preallocated message, once the queue has warmed up.</summary>
internal static class TellAllocation
{
    private sealed class Item
    {
        public static readonly Item Instance = new();
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }

    private sealed class Drain(SemaphoreSlim flushed) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (ReferenceEquals(message, Flush.Instance)) flushed.Release();
        }
    }

    public static async Task<BenchResult> RunAsync(ActorSystem system, int rounds, int batch)
    {
        using var flushed = new SemaphoreSlim(0);
        var sink = system.ActorOf(Props.Create(() => new Drain(flushed)));
        await Task.Run(() => Rounds(sink, flushed, 50, batch)); // warm-up: grow the queue's segment once
        var result = await Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            Rounds(sink, flushed, rounds, batch);
            watch.Stop();
            return (Bytes: GC.GetAllocatedBytesForCurrentThread() - before, watch.Elapsed);
        });
        system.Stop(sink);
        long tells = (long)rounds * (batch + 1);
        return new BenchResult($"tell, {batch} per round (sender bytes)", tells, result.Elapsed, (double)result.Bytes / tells);
    }

    private static void Rounds(IActorRef sink, SemaphoreSlim flushed, int rounds, int batch)
    {
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < batch; i++) sink.Tell(Item.Instance, ActorRefs.NoSender);
            sink.Tell(Flush.Instance, ActorRefs.NoSender);
            flushed.Wait();
        }
    }
}
