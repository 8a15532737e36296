using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

public class TtlTests
{
    private static QueueArguments TtlWithDlx(long ttl) =>
        Q.Args(("x-message-ttl", ttl), ("x-dead-letter-exchange", "dlx"));

    [Fact]
    public void Queue_ttl_expires_messages_and_dead_letters_them_as_expired()
    {
        var (q, fx) = Q.Engine(TtlWithDlx(1000));
        Q.Publish(q, 0, "a");
        Q.Publish(q, 500, "b");
        Assert.Equal(1000, q.NextExpiryDueMs);

        Assert.Equal(0, q.ExpireDue(999));
        Assert.Equal(1, q.ExpireDue(1000));
        Assert.Equal(["a"], fx.DeadLetteredBodies(DeadLetterReason.Expired));
        Assert.Equal(1500, q.NextExpiryDueMs);

        Assert.Equal(1, q.ExpireDue(2000));
        Assert.Equal(["a", "b"], fx.DeadLetteredBodies(DeadLetterReason.Expired));
        Assert.Null(q.NextExpiryDueMs);
        Assert.Equal(0, q.MessageCount);
    }

    [Fact]
    public void Per_message_expiration_and_queue_ttl_the_smaller_wins()
    {
        var (q, fx) = Q.Engine(TtlWithDlx(1000));
        q.Enqueue(Q.Msg("short", expirationMs: 100), 0);
        Assert.Equal(100, q.NextExpiryDueMs);
        q.ExpireDue(100);
        q.Enqueue(Q.Msg("long", expirationMs: 5000), 0);
        Assert.Equal(1000, q.NextExpiryDueMs);
        q.ExpireDue(1000);
        Assert.Equal(["short", "long"], fx.DeadLetteredBodies(DeadLetterReason.Expired));
    }

    [Fact]
    public void Per_message_expiration_without_queue_ttl()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-dead-letter-exchange", "dlx")));
        q.Enqueue(Q.Msg("plain"), 0);
        q.Enqueue(Q.Msg("ttl", expirationMs: 10), 0);
        // Only heads expire (RabbitMQ): "ttl" waits behind a message without expiry.
        Assert.Null(q.NextExpiryDueMs);
        Assert.Equal(0, q.ExpireDue(50));
        Assert.True(q.TryGet(1, true, 50, out var got));
        Assert.Equal("plain", Q.Text(got.Message));
        Assert.Equal(10, q.NextExpiryDueMs);
        Assert.False(q.TryGet(1, true, 50, out _));
        Assert.Equal(["ttl"], fx.DeadLetteredBodies(DeadLetterReason.Expired));
    }

    [Fact]
    public void Expired_head_is_skipped_at_dispatch_time_even_without_a_timer()
    {
        var (q, fx) = Q.Engine(TtlWithDlx(100));
        Q.Publish(q, 0, "old");
        Q.Publish(q, 150, "new");
        q.AddConsumer("c", 1, false, false, 0, 0, 200);
        Assert.Equal(["new"], fx.DeliveredBodies());
        Assert.Equal(["old"], fx.DeadLetteredBodies(DeadLetterReason.Expired));
    }

    [Fact]
    public void Zero_ttl_message_goes_to_a_waiting_consumer_but_expires_when_nobody_can_take_it()
    {
        var (q, fx) = Q.Engine(TtlWithDlx(0));
        q.AddConsumer("c", 1, false, false, 1, 0, 0);
        Q.Publish(q, 0, "taken", "nobody");
        Assert.Equal(["taken"], fx.DeliveredBodies());
        Assert.Equal(["nobody"], fx.DeadLetteredBodies(DeadLetterReason.Expired));
        Assert.Equal(0, q.MessageCount);
    }

    [Fact]
    public void Requeued_message_past_its_ttl_expires_instead_of_being_redelivered()
    {
        var (q, fx) = Q.Engine(TtlWithDlx(100));
        q.AddConsumer("c", 1, false, false, 0, 0, 0);
        Q.Publish(q, 0, "a");
        Assert.True(q.Reject(fx.Deliveries[0].MessageId, requeue: true, 500));
        Assert.Single(fx.Deliveries);
        Assert.Equal(["a"], fx.DeadLetteredBodies(DeadLetterReason.Expired));
    }

    [Fact]
    public void Expired_messages_without_dlx_are_dropped()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-message-ttl", 10)));
        Q.Publish(q, 0, "a", "b");
        Assert.Equal(2, q.ExpireDue(10));
        Assert.Empty(fx.DeadLetters);
        Assert.Equal(0, q.MessageCount);
    }

    [Fact]
    public void Priority_lanes_expire_at_each_lane_head()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-priority", 5), ("x-dead-letter-exchange", "dlx")));
        q.Enqueue(Q.Msg("high-forever", priority: 5), 0);
        q.Enqueue(Q.Msg("low-ttl", priority: 1, expirationMs: 10), 0);
        Assert.Equal(10, q.NextExpiryDueMs);
        Assert.Equal(1, q.ExpireDue(10));
        Assert.Equal(["low-ttl"], fx.DeadLetteredBodies(DeadLetterReason.Expired));
        Assert.Equal(1, q.MessageCount);
    }

    [Fact]
    public void Queue_expires_after_being_unused_for_x_expires()
    {
        var (q, _) = Q.Engine(Q.Args(("x-expires", 1000)), nowMs: 0);
        Assert.Equal(1000, q.ExpiresDueMs);
        Assert.False(q.ShouldExpire(999));

        // Publishing does not count as use; basic.get and redeclare (Touch) do.
        Q.Publish(q, 500, "a");
        Assert.True(q.ShouldExpire(1000));
        q.TryGet(1, true, 800, out _);
        Assert.False(q.ShouldExpire(1000));
        q.Touch(1500);
        Assert.Equal(2500, q.ExpiresDueMs);

        // With a consumer the queue is in use; the clock restarts when the last one goes.
        q.AddConsumer("c", 1, false, false, 0, 0, 1600);
        Assert.Null(q.ExpiresDueMs);
        Assert.False(q.ShouldExpire(100_000));
        q.ChannelClosed(1, 100_000);
        Assert.Equal(101_000, q.ExpiresDueMs);
        Assert.True(q.ShouldExpire(101_000));

        var (never, _) = Q.Engine();
        Assert.Null(never.ExpiresDueMs);
        Assert.False(never.ShouldExpire(long.MaxValue));
    }
}
