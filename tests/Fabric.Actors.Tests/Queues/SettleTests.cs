using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

public class SettleTests
{
    [Fact]
    public void Nack_with_requeue_puts_messages_back_in_original_order_as_redelivered()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("c", 1, false, false, 3, 0, 0);
        Q.Publish(q, 0, "1", "2", "3", "4", "5");
        var ids = fx.Deliveries.ConvertAll(d => d.MessageId);

        // Nack out of order, one by one and in a batch: they go back before 4 and 5, in id order.
        q.RemoveConsumer(1, "c", 0);
        Assert.True(q.Reject(ids[2], requeue: true, 0));
        Assert.Equal(2, q.Reject([ids[1], ids[0]], requeue: true, 0));
        Assert.Equal(5, q.MessageCount);

        Assert.True(q.TryGet(2, noAck: true, 0, out var d1));
        Assert.True(q.TryGet(2, noAck: true, 0, out var d2));
        Assert.True(q.TryGet(2, noAck: true, 0, out var d3));
        Assert.True(q.TryGet(2, noAck: true, 0, out var d4));
        Assert.True(q.TryGet(2, noAck: true, 0, out var d5));
        Assert.Equal(["1", "2", "3", "4", "5"], new[] { d1, d2, d3, d4, d5 }.Select(d => Q.Text(d.Message)));
        Assert.Equal([true, true, true, false, false], new[] { d1, d2, d3, d4, d5 }.Select(d => d.Redelivered));
        Assert.Equal(2, d1.DeliveryCount);
        Assert.False(q.TryGet(2, true, 0, out _));
    }

    [Fact]
    public void Requeued_message_goes_out_again_before_newer_ones()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("c", 1, false, false, 1, 0, 0);
        Q.Publish(q, 0, "a", "b", "c");
        q.Reject(fx.Deliveries[0].MessageId, requeue: true, 0);
        Assert.Equal(["a", "a"], fx.DeliveredBodies());
        Assert.True(fx.Deliveries[1].Redelivered);
        Assert.Equal(2, fx.Deliveries[1].DeliveryCount);
        Assert.Equal(fx.Deliveries[0].MessageId, fx.Deliveries[1].MessageId);
    }

    [Fact]
    public void Nack_without_requeue_dead_letters_when_a_dlx_is_set_else_drops()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-dead-letter-exchange", "dlx")), name: "work");
        q.AddConsumer("c", 1, false, false, 0, 0, 0);
        Q.Publish(q, 0, "a", "b");
        Assert.Equal(2, q.Reject([fx.Deliveries[0].MessageId, fx.Deliveries[1].MessageId], requeue: false, 0));
        Assert.Equal(["a", "b"], fx.DeadLetteredBodies(DeadLetterReason.Rejected));
        Assert.All(fx.DeadLetters, d => Assert.Equal("work", d.Queue));
        Assert.Equal(0, q.UnackedCount + q.MessageCount);

        var (plain, pfx) = Q.Engine();
        plain.AddConsumer("c", 1, false, false, 0, 0, 0);
        Q.Publish(plain, 0, "a");
        Assert.True(plain.Reject(pfx.Deliveries[0].MessageId, false, 0));
        Assert.Empty(pfx.DeadLetters);
        Assert.Equal(0, plain.UnackedCount + plain.MessageCount);
    }

    [Fact]
    public void Settling_an_unknown_or_already_settled_id_is_reported()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("c", 1, false, false, 0, 0, 0);
        Q.Publish(q, 0, "a");
        var id = fx.Deliveries[0].MessageId;
        Assert.True(q.Ack(id, 0));
        Assert.False(q.Ack(id, 0));
        Assert.False(q.Reject(id, true, 0));
        Assert.False(q.Ack(999, 0));
    }

    [Fact]
    public void Channel_close_requeues_its_unacked_in_order_and_removes_its_consumers()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("a", 1, false, false, 0, 0, 0);
        q.AddConsumer("b", 2, false, false, 0, 0, 0);
        Q.Publish(q, 0, "1", "2", "3", "4");
        Assert.Equal(["1", "3"], fx.DeliveredBodies("a"));

        Assert.Equal(2, q.ChannelClosed(1, 0));
        Assert.Equal(1, q.ConsumerCount);
        Assert.Equal(["2", "4", "1", "3"], fx.DeliveredBodies("b"));
        Assert.True(fx.Deliveries[^2].Redelivered);
        Assert.True(fx.Deliveries[^1].Redelivered);
        Assert.Equal(4, q.UnackedCount);
    }

    [Fact]
    public void Cancelled_consumer_keeps_unacked_until_the_channel_closes()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("a", 1, false, false, 0, 0, 0);
        Q.Publish(q, 0, "1", "2");
        Assert.True(q.RemoveConsumer(1, "a", 0));
        Assert.False(q.RemoveConsumer(1, "a", 0));
        Assert.Equal(2, q.UnackedCount);
        Assert.Equal(0, q.MessageCount);
        Assert.Equal(2, q.ChannelClosed(1, 0));
        Assert.Equal(2, q.MessageCount);
        Assert.Equal(0, q.UnackedCount);
    }

    [Fact]
    public void Recover_requeues_unacked_and_keeps_the_consumer()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("a", 1, false, false, 2, 0, 0);
        Q.Publish(q, 0, "1", "2", "3");
        Assert.Equal(2, q.Recover(1, 0));
        Assert.Equal(1, q.ConsumerCount);
        Assert.Equal(["1", "2", "1", "2"], fx.DeliveredBodies("a"));
        Assert.Equal(1, q.MessageCount);
    }

    [Fact]
    public void Basic_get_returns_next_or_empty_and_counts_as_unacked_for_the_channel()
    {
        var (q, fx) = Q.Engine();
        Assert.False(q.TryGet(5, noAck: false, 0, out _));
        Q.Publish(q, 0, "a", "b");

        Assert.True(q.TryGet(5, noAck: false, 0, out var got));
        Assert.Equal("a", Q.Text(got.Message));
        Assert.Null(got.ConsumerTag);
        Assert.Equal(5, got.ChannelKey);
        Assert.Equal(1, q.MessageCount);
        Assert.Equal(1, q.UnackedCount);
        Assert.Empty(fx.Deliveries);

        Assert.True(q.TryGet(5, noAck: true, 0, out var got2));
        Assert.Equal("b", Q.Text(got2.Message));
        Assert.Equal(1, q.UnackedCount);

        Assert.Equal(1, q.ChannelClosed(5, 0));
        Assert.True(q.TryGet(6, true, 0, out var again));
        Assert.Equal("a", Q.Text(again.Message));
        Assert.True(again.Redelivered);
        Assert.False(q.TryGet(6, true, 0, out _));
    }

    [Fact]
    public void Byte_totals_follow_ready_and_unacked()
    {
        var (q, fx) = Q.Engine();
        Q.Publish(q, 0, "12345", "123");
        Assert.Equal(8, q.ReadyBytes);
        Assert.True(q.TryGet(1, false, 0, out var d));
        Assert.Equal(3, q.ReadyBytes);
        Assert.Equal(5, q.UnackedBytes);
        q.Ack(d.MessageId, 0);
        Assert.Equal(0, q.UnackedBytes);
        Assert.Empty(fx.Deliveries);
    }
}
