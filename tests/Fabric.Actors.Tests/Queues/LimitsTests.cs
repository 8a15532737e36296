using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

public class LimitsTests
{
    [Fact]
    public void Max_length_drop_head_dead_letters_the_oldest_as_maxlen()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 2), ("x-dead-letter-exchange", "dlx")));
        Q.Publish(q, 0, "1", "2", "3", "4");
        Assert.Equal(2, q.MessageCount);
        Assert.Equal(["1", "2"], fx.DeadLetteredBodies(DeadLetterReason.MaxLen));
        Assert.True(q.TryGet(1, true, 0, out var d));
        Assert.Equal("3", Q.Text(d.Message));
    }

    [Fact]
    public void Max_length_counts_ready_messages_only()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 1), ("x-overflow", "reject-publish")));
        q.AddConsumer("c", 1, false, false, 2, 0, 0);
        Q.Publish(q, 0, "a", "b", "c");
        Assert.Equal(2, q.UnackedCount);
        Assert.Equal(1, q.MessageCount);
        Assert.Equal(EnqueueResult.Rejected, q.Enqueue(Q.Msg("d"), 0));
        Assert.Equal(["a", "b"], fx.DeliveredBodies());
    }

    [Fact]
    public void Max_length_bytes_drop_head()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length-bytes", 10), ("x-dead-letter-exchange", "dlx")));
        Q.Publish(q, 0, "aaaa", "bbbb", "cccc");
        Assert.Equal(8, q.ReadyBytes);
        Assert.Equal(["aaaa"], fx.DeadLetteredBodies(DeadLetterReason.MaxLen));
    }

    [Fact]
    public void Reject_publish_refuses_when_full_and_accepts_again_when_drained()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 2), ("x-overflow", "reject-publish"), ("x-dead-letter-exchange", "dlx")));
        Assert.Equal(EnqueueResult.Accepted, q.Enqueue(Q.Msg("1"), 0));
        Assert.Equal(EnqueueResult.Accepted, q.Enqueue(Q.Msg("2"), 0));
        Assert.Equal(EnqueueResult.Rejected, q.Enqueue(Q.Msg("3"), 0));
        Assert.Empty(fx.DeadLetters); // plain reject-publish does not dead-letter
        Assert.Equal(2, q.MessageCount);
        q.TryGet(1, true, 0, out _);
        Assert.Equal(EnqueueResult.Accepted, q.Enqueue(Q.Msg("4"), 0));
    }

    [Fact]
    public void Reject_publish_dlx_refuses_and_dead_letters()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 1), ("x-overflow", "reject-publish-dlx"), ("x-dead-letter-exchange", "dlx")));
        Q.Publish(q, 0, "1");
        Assert.Equal(EnqueueResult.Rejected, q.Enqueue(Q.Msg("2"), 0));
        Assert.Equal(["2"], fx.DeadLetteredBodies(DeadLetterReason.MaxLen));
        Assert.Equal(1, q.MessageCount);
    }

    [Fact]
    public void Reject_publish_with_max_length_zero_refuses_even_with_a_waiting_consumer()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 0), ("x-overflow", "reject-publish")));
        q.AddConsumer("c", 1, false, false, 0, 0, 0);
        Assert.Equal(EnqueueResult.Rejected, q.Enqueue(Q.Msg("x"), 0));
        Assert.Empty(fx.Deliveries);
    }

    [Fact]
    public void Drop_head_with_max_length_zero_still_feeds_a_waiting_consumer()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 0), ("x-dead-letter-exchange", "dlx")));
        q.AddConsumer("c", 1, false, false, 1, 0, 0);
        Q.Publish(q, 0, "taken", "dropped");
        Assert.Equal(["taken"], fx.DeliveredBodies());
        Assert.Equal(["dropped"], fx.DeadLetteredBodies(DeadLetterReason.MaxLen));
    }

    [Fact]
    public void Requeue_over_the_limit_drops_from_the_head()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 1), ("x-dead-letter-exchange", "dlx")));
        q.AddConsumer("c", 1, false, false, 0, 0, 0);
        Q.Publish(q, 0, "1");
        q.RemoveConsumer(1, "c", 0);
        Q.Publish(q, 0, "2");
        Assert.True(q.Reject(fx.Deliveries[0].MessageId, requeue: true, 0));
        // "1" comes back at the head, the queue is over its limit, so the head goes.
        Assert.Equal(["1"], fx.DeadLetteredBodies(DeadLetterReason.MaxLen));
        Assert.Equal(1, q.MessageCount);
    }
}
