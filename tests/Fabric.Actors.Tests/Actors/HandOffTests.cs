namespace Fabric.Actors.Tests.Actors;

using System.Collections.Concurrent;
using Fabric.Actors.Cell;
using Fabric.Actors.Dispatch;
using Fabric.TestKit;
using Xunit;

/// <summary>
/// Hand-off: idle actors told by a running turn run after it on the same thread, up to the configured depth, in the
/// order told; the rest go to the pool. Driven from a plain thread with TellAndRun, so "the same thread" is that
/// thread and nothing else can run there.
/// </summary>
public sealed class HandOffTests() : TestKit(new ActorSystemSettings { HandOff = true, HandOffDepth = 2 })
{
    /// <summary>Records (name, thread) synchronously in its turn.</summary>
    private sealed class Recorder(string name, ConcurrentQueue<(string, int)> log) : UntypedActor
    {
        protected override void OnReceive(object message) => log.Enqueue((name, Environment.CurrentManagedThreadId));
    }

    /// <summary>Tells each of its targets in its turn.</summary>
    private sealed class Teller(IActorRef[] targets) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            foreach (var target in targets) target.Tell(message);
        }
    }

    [Fact]
    public void Actors_told_in_a_turn_run_after_it_on_its_thread_up_to_the_depth_in_order()
    {
        var log = new ConcurrentQueue<(string Name, int Thread)>();
        var targets = new[] { "b", "c", "d" }
            .Select(name => (LocalActorRef)Sys.ActorOf(Props.Create(() => new Recorder(name, log)), name)).ToArray();
        var teller = (LocalActorRef)Sys.ActorOf(Props.Create(() => new Teller(targets.Cast<IActorRef>().ToArray())));
        foreach (var target in targets) target.Tell("warm-up");
        AwaitCondition(() => log.Count == 3);
        AwaitCondition(() => teller.Cell.Mailbox.IsIdle && targets.All(t => t.Cell.Mailbox.IsIdle));
        log.Clear();

        int caller = -1;
        var thread = new Thread(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            teller.TellAndRun("go", ActorRefs.Nobody);
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));

        // b and c ran before TellAndRun returned, on the caller's thread, in the order told.
        var ran = log.ToArray();
        Assert.True(ran.Length >= 2, $"only {ran.Length} ran inline");
        Assert.Equal(("b", caller), ran[0]);
        Assert.Equal(("c", caller), ran[1]);
        // d was beyond the depth: a pool thread ran it.
        AwaitCondition(() => log.Count == 3);
        var d = log.Single(entry => entry.Name == "d");
        Assert.NotEqual(caller, d.Thread);
    }

    [Fact]
    public void The_ring_is_a_bounded_fifo()
    {
        var ring = new HandOffs();
        var boxes = Enumerable.Range(0, 10).Select(_ => new Mailbox(preferLocal: true, handOffDepth: 8)).ToArray();
        Assert.True(ring.TryAdd(boxes[0], depth: 2));
        Assert.True(ring.TryAdd(boxes[1], depth: 2));
        Assert.False(ring.TryAdd(boxes[2], depth: 2));
        Assert.True(ring.TryTake(out var first));
        Assert.Same(boxes[0], first);
        for (var i = 2; i < 9; i++) Assert.True(ring.TryAdd(boxes[i], depth: 100), $"add {i}"); // capped at 8
        Assert.False(ring.TryAdd(boxes[9], depth: 100));
        var order = new List<Mailbox>();
        while (ring.TryTake(out var next)) order.Add(next);
        Assert.Equal(boxes[1..9], order);
    }
}
