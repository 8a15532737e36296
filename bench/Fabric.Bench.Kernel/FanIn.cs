using System.Diagnostics;
using Fabric.Actors;

namespace Fabric.Bench.Kernel;

/// <summary>N threads telling one actor as fast as they can (contended MPSC enqueue). The sink falls behind, so its
/// queue grows to millions of entries: the bytes per message here are queue segments, not per-Tell garbage.</summary>
internal static class FanIn
{
    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Sink(long expected, TaskCompletionSource done) : UntypedActor
    {
        private long _count;

        protected override void OnReceive(object message)
        {
            if (++_count == expected) done.TrySetResult();
        }
    }

    public static async Task<BenchResult> RunAsync(ActorSystem system, int senders, int perSender)
    {
        await RunOnce(system, senders, perSender / 10); // warm-up
        var allocated = GC.GetTotalAllocatedBytes(true);
        var elapsed = await RunOnce(system, senders, perSender);
        var bytes = GC.GetTotalAllocatedBytes(true) - allocated;
        long total = (long)senders * perSender;
        return new BenchResult($"fan-in {senders} senders -> 1 actor", total, elapsed, (double)bytes / total);
    }

    private static async Task<TimeSpan> RunOnce(ActorSystem system, int senders, int perSender)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = system.ActorOf(Props.Create(() => new Sink((long)senders * perSender, done)));
        using var go = new ManualResetEventSlim();
        var threads = new Thread[senders];
        for (var s = 0; s < senders; s++)
        {
            threads[s] = new Thread(() =>
            {
                go.Wait();
                for (var i = 0; i < perSender; i++) sink.Tell(Tick.Instance, ActorRefs.NoSender);
            }) { IsBackground = true };
            threads[s].Start();
        }
        var watch = Stopwatch.StartNew();
        go.Set();
        await done.Task;
        watch.Stop();
        foreach (var thread in threads) thread.Join();
        system.Stop(sink);
        return watch.Elapsed;
    }
}
