using System.Diagnostics;
using Fabric.Actors;

namespace Fabric.Bench.Kernel;

/// <summary>Two actors bouncing a fixed number of preallocated messages; every receive counts as one message.</summary>
internal static class PingPong
{
    private sealed class Ball
    {
        public static readonly Ball Instance = new();
    }

    private sealed class Start(IActorRef partner, int inFlight)
    {
        public IActorRef Partner { get; } = partner;
        public int InFlight { get; } = inFlight;
    }

    private sealed class Player(long limit, TaskCompletionSource done) : UntypedActor
    {
        private long _received;

        protected override void OnReceive(object message)
        {
            if (ReferenceEquals(message, Ball.Instance))
            {
                if (++_received == limit) done.TrySetResult();
                if (_received <= limit) Sender.Tell(Ball.Instance, Self);
                return;
            }
            if (message is Start start)
                for (var i = 0; i < start.InFlight; i++) start.Partner.Tell(Ball.Instance, Self);
        }
    }

    public static async Task<BenchResult> RunAsync(ActorSystem system, int inFlight, long messages)
    {
        await RunOnce(system, inFlight, Math.Min(messages / 10, 1_000_000)); // warm-up (JIT, queue segments)
        var allocated = GC.GetTotalAllocatedBytes(true);
        var elapsed = await RunOnce(system, inFlight, messages);
        var bytes = GC.GetTotalAllocatedBytes(true) - allocated;
        return new BenchResult($"ping-pong 2 actors, {inFlight} in flight", messages, elapsed, (double)bytes / messages);
    }

    private static async Task<TimeSpan> RunOnce(ActorSystem system, int inFlight, long messages)
    {
        var doneA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var doneB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = system.ActorOf(Props.Create(() => new Player(messages / 2, doneA)));
        var b = system.ActorOf(Props.Create(() => new Player(messages / 2, doneB)));
        var watch = Stopwatch.StartNew();
        a.Tell(new Start(b, inFlight));
        await Task.WhenAll(doneA.Task, doneB.Task);
        watch.Stop();
        system.Stop(a);
        system.Stop(b);
        return watch.Elapsed;
    }
}
