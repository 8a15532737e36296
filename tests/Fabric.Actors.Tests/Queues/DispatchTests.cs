using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

public class DispatchTests
{
    [Fact]
    public void Prefetch_two_gets_exactly_two_until_it_acks()
    {
        var (q, fx) = Q.Engine();
        Assert.Null(q.AddConsumer("c", 1, noAck: false, exclusive: false, prefetch: 2, priority: 0, nowMs: 0));
        Q.Publish(q, 0, "a", "b", "c", "d", "e");

        Assert.Equal(["a", "b"], fx.DeliveredBodies());
        Assert.Equal(3, q.MessageCount);
        Assert.Equal(2, q.UnackedCount);

        Assert.True(q.Ack(fx.Deliveries[0].MessageId, 0));
        Assert.Equal(["a", "b", "c"], fx.DeliveredBodies());

        Assert.Equal(2, q.Ack([fx.Deliveries[1].MessageId, fx.Deliveries[2].MessageId], 0));
        Assert.Equal(["a", "b", "c", "d", "e"], fx.DeliveredBodies());
        Assert.Equal(0, q.MessageCount);
    }

    [Fact]
    public void Unlimited_prefetch_and_no_ack_take_everything()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("manual", 1, false, false, 0, 0, 0);
        Q.Publish(q, 0, "a", "b", "c");
        Assert.Equal(3, q.UnackedCount);

        var (q2, fx2) = Q.Engine();
        q2.AddConsumer("auto", 1, noAck: true, exclusive: false, prefetch: 1, priority: 0, nowMs: 0);
        Q.Publish(q2, 0, "a", "b", "c");
        Assert.Equal(["a", "b", "c"], fx2.DeliveredBodies());
        Assert.Equal(0, q2.UnackedCount);
        Assert.Equal(0, q2.MessageCount);
        Assert.Equal(3, fx.Deliveries.Count);
    }

    [Fact]
    public void Equal_priority_consumers_are_served_round_robin()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("x", 1, false, false, 0, 0, 0);
        q.AddConsumer("y", 1, false, false, 0, 0, 0);
        q.AddConsumer("z", 2, false, false, 0, 0, 0);
        Q.Publish(q, 0, "1", "2", "3", "4", "5", "6");
        Assert.Equal(["1", "4"], fx.DeliveredBodies("x"));
        Assert.Equal(["2", "5"], fx.DeliveredBodies("y"));
        Assert.Equal(["3", "6"], fx.DeliveredBodies("z"));
    }

    [Fact]
    public void Round_robin_skips_consumers_without_credit_and_takes_them_back_on_ack()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("x", 1, false, false, 1, 0, 0);
        q.AddConsumer("y", 2, false, false, 0, 0, 0);
        Q.Publish(q, 0, "1", "2", "3");
        Assert.Equal(["1"], fx.DeliveredBodies("x"));
        Assert.Equal(["2", "3"], fx.DeliveredBodies("y"));

        q.Ack(fx.Deliveries[0].MessageId, 0);
        Q.Publish(q, 0, "4", "5");
        Assert.Equal(["1", "5"], fx.DeliveredBodies("x"));
        Assert.Equal(["2", "3", "4"], fx.DeliveredBodies("y"));
    }

    [Fact]
    public void Higher_priority_consumer_is_served_while_it_has_credit()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("low", 1, false, false, 0, priority: -1, nowMs: 0);
        q.AddConsumer("high", 2, false, false, 2, priority: 10, nowMs: 0);
        q.AddConsumer("mid", 3, false, false, 0, priority: 0, nowMs: 0);
        Q.Publish(q, 0, "1", "2", "3", "4");
        Assert.Equal(["1", "2"], fx.DeliveredBodies("high"));
        Assert.Equal(["3", "4"], fx.DeliveredBodies("mid"));
        Assert.Empty(fx.DeliveredBodies("low"));

        q.Ack(fx.Deliveries[0].MessageId, 0);
        Q.Publish(q, 0, "5");
        Assert.Equal(["1", "2", "5"], fx.DeliveredBodies("high"));

        q.RemoveConsumer(3, "mid", 0);
        Q.Publish(q, 0, "6");
        Assert.Equal(["6"], fx.DeliveredBodies("low"));
    }

    [Fact]
    public void Adding_a_consumer_drains_waiting_messages()
    {
        var (q, fx) = Q.Engine();
        Q.Publish(q, 0, "a", "b");
        Assert.Empty(fx.Deliveries);
        q.AddConsumer("c", 7, false, false, 0, 0, 0);
        Assert.Equal(["a", "b"], fx.DeliveredBodies());
        var d = fx.Deliveries[1];
        Assert.Equal("c", d.ConsumerTag);
        Assert.Equal(7, d.ChannelKey);
        Assert.False(d.Redelivered);
        Assert.Equal(1, d.DeliveryCount);
        Assert.True(fx.Deliveries[0].MessageId < d.MessageId);
    }

    [Fact]
    public void Exclusive_consumer_rules()
    {
        var (q, _) = Q.Engine(name: "jobs");
        Assert.Null(q.AddConsumer("a", 1, false, false, 0, 0, 0));
        var refused = q.AddConsumer("ex", 2, false, exclusive: true, 0, 0, 0);
        Assert.Equal(new QueueError(403, "queue 'jobs' in vhost '/' in exclusive use"), refused);

        q.RemoveConsumer(1, "a", 0);
        Assert.Null(q.AddConsumer("ex", 2, false, exclusive: true, 0, 0, 0));
        Assert.Equal(403, q.AddConsumer("b", 3, false, false, 0, 0, 0)!.ReplyCode);
        Assert.Equal(403, q.AddConsumer("ex2", 3, false, true, 0, 0, 0)!.ReplyCode);
        Assert.Equal(1, q.ConsumerCount);

        q.RemoveConsumer(2, "ex", 0);
        Assert.Null(q.AddConsumer("b", 3, false, false, 0, 0, 0));
    }

    [Fact]
    public void Consumer_tag_reuse_on_the_same_channel_is_refused_but_other_channels_may_use_it()
    {
        var (q, _) = Q.Engine();
        Assert.Null(q.AddConsumer("t", 1, false, false, 0, 0, 0));
        Assert.Equal(new QueueError(530, "attempt to reuse consumer tag 't'"), q.AddConsumer("t", 1, false, false, 0, 0, 0));
        Assert.Null(q.AddConsumer("t", 2, false, false, 0, 0, 0));
        Assert.Equal(2, q.ConsumerCount);
    }

    [Fact]
    public void Single_active_consumer_gets_everything_until_it_leaves()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-single-active-consumer", true)));
        q.AddConsumer("first", 1, false, false, 0, 0, 0);
        q.AddConsumer("second", 2, false, false, 0, 0, 0);
        q.AddConsumer("third", 3, false, false, 0, 0, 0);
        Assert.Equal("first", q.SingleActiveConsumer!.Tag);
        Q.Publish(q, 0, "1", "2", "3");
        Assert.Equal(["1", "2", "3"], fx.DeliveredBodies("first"));

        // Its unacked come back on channel close and go, in order, to the next consumer in registration order.
        Assert.Equal(3, q.ChannelClosed(1, 0));
        Assert.Equal("second", q.SingleActiveConsumer!.Tag);
        Assert.Equal(["1", "2", "3"], fx.DeliveredBodies("second"));
        Assert.All(fx.Deliveries.GetRange(3, 3), d => Assert.True(d.Redelivered));
        Assert.Empty(fx.DeliveredBodies("third"));
        Assert.False(q.Consumers[1].IsActive);
    }

    [Fact]
    public void Single_active_consumer_refuses_exclusive_consumers()
    {
        var (q, _) = Q.Engine(Q.Args(("x-single-active-consumer", true)));
        Assert.Equal(403, q.AddConsumer("ex", 1, false, exclusive: true, 0, 0, 0)!.ReplyCode);
    }

    [Fact]
    public void Single_active_consumer_with_prefetch_does_not_spill_to_waiting_consumers()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-single-active-consumer", true)));
        q.AddConsumer("a", 1, false, false, 1, 0, 0);
        q.AddConsumer("b", 2, false, false, 1, 0, 0);
        Q.Publish(q, 0, "1", "2");
        Assert.Equal(["1"], fx.DeliveredBodies());
        Assert.Equal(1, q.MessageCount);
        q.RemoveConsumer(1, "a", 0);
        Assert.Equal(["2"], fx.DeliveredBodies("b"));
        // a's delivery stays unacked until its channel acks it.
        Assert.Equal(2, q.UnackedCount);
        Assert.True(q.Ack(fx.Deliveries[0].MessageId, 0));
    }
}
