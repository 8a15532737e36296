using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

public class PriorityTests
{
    private static List<string> DrainByGet(QueueEngine q)
    {
        var bodies = new List<string>();
        while (q.TryGet(1, true, 0, out var d)) bodies.Add(Q.Text(d.Message));
        return bodies;
    }

    [Fact]
    public void Higher_priority_first_fifo_within_a_priority_and_above_max_counts_as_max()
    {
        var (q, _) = Q.Engine(Q.Args(("x-max-priority", (byte)5)));
        q.Enqueue(Q.Msg("p0-a", 0), 0);
        q.Enqueue(Q.Msg("p3-a", 3), 0);
        q.Enqueue(Q.Msg("p9-a", 9), 0);
        q.Enqueue(Q.Msg("p5-a", 5), 0);
        q.Enqueue(Q.Msg("p3-b", 3), 0);
        q.Enqueue(Q.Msg("p0-b", 0), 0);
        Assert.Equal(["p9-a", "p5-a", "p3-a", "p3-b", "p0-a", "p0-b"], DrainByGet(q));
    }

    [Fact]
    public void Without_max_priority_priorities_are_ignored()
    {
        var (q, _) = Q.Engine();
        q.Enqueue(Q.Msg("a", 0), 0);
        q.Enqueue(Q.Msg("b", 9), 0);
        q.Enqueue(Q.Msg("c", 4), 0);
        Assert.Equal(["a", "b", "c"], DrainByGet(q));
    }

    [Fact]
    public void Requeue_returns_to_the_original_position_within_its_priority()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-priority", 10)));
        q.Enqueue(Q.Msg("hi-1", 7), 0);
        q.Enqueue(Q.Msg("hi-2", 7), 0);
        q.Enqueue(Q.Msg("lo-1", 1), 0);
        q.AddConsumer("c", 1, false, false, 1, 0, 0);
        Assert.Equal(["hi-1"], fx.DeliveredBodies());
        q.RemoveConsumer(1, "c", 0);
        q.Enqueue(Q.Msg("hi-3", 7), 0);
        q.Reject(fx.Deliveries[0].MessageId, true, 0);
        Assert.Equal(["hi-1", "hi-2", "hi-3", "lo-1"], DrainByGet(q));
    }

    [Fact]
    public void Consumers_receive_in_priority_order()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-priority", 2)));
        q.Enqueue(Q.Msg("low", 0), 0);
        q.Enqueue(Q.Msg("high", 2), 0);
        q.Enqueue(Q.Msg("mid", 1), 0);
        q.AddConsumer("c", 1, true, false, 0, 0, 0);
        Assert.Equal(["high", "mid", "low"], fx.DeliveredBodies());
    }
}
