using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

public class LifecycleTests
{
    [Fact]
    public void Purge_removes_ready_and_leaves_unacked()
    {
        var (q, fx) = Q.Engine();
        q.AddConsumer("c", 1, false, false, 1, 0, 0);
        Q.Publish(q, 0, "a", "b", "c");
        Assert.Equal(2, q.Purge());
        Assert.Equal(0, q.MessageCount);
        Assert.Equal(0, q.ReadyBytes);
        Assert.Equal(1, q.UnackedCount);
        Assert.Equal(0, q.Purge());
        Assert.Empty(fx.DeadLetters);
        // The unacked one can still come back.
        q.ChannelClosed(1, 0);
        Assert.Equal(1, q.MessageCount);
    }

    [Fact]
    public void Delete_checks_in_use_and_not_empty()
    {
        var (q, _) = Q.Engine(name: "jobs");
        Assert.Null(q.CheckDelete(ifUnused: true, ifEmpty: true));
        Q.Publish(q, 0, "a");
        Assert.Equal(new QueueError(406, "queue 'jobs' in vhost '/' not empty"), q.CheckDelete(false, true));
        Assert.Null(q.CheckDelete(true, false));
        q.AddConsumer("c", 1, false, false, 0, 0, 0);
        Assert.Equal(new QueueError(406, "queue 'jobs' in vhost '/' in use"), q.CheckDelete(true, false));
        // Once delivered, the message is unacked, not ready: if-empty passes.
        Assert.Null(q.CheckDelete(false, true));
        Assert.Null(q.CheckDelete(false, false));
    }

    [Fact]
    public void Delete_drops_everything_and_reports_ready_count()
    {
        var (q, fx) = Q.Engine(durable: true);
        q.AddConsumer("c", 1, false, false, 1, 0, 0);
        for (var i = 0; i < 3; i++) q.Enqueue(Q.Msg("p" + i, persistent: true), 0);
        Assert.Equal(2, q.Delete());
        Assert.Equal(0, q.ConsumerCount + q.MessageCount + q.UnackedCount);
        Assert.True(q.Consumers.Count == 0);
        Assert.Equal(fx.PersistedEnqueues.Order(), fx.PersistedRemoves.Order());
    }

    [Fact]
    public void Durable_queue_journals_persistent_messages_only()
    {
        var (q, fx) = Q.Engine(durable: true);
        q.Enqueue(Q.Msg("persistent", persistent: true), 0);
        q.Enqueue(Q.Msg("transient"), 0);
        Assert.Single(fx.PersistedEnqueues);

        var (transientQueue, tfx) = Q.Engine(durable: false);
        transientQueue.Enqueue(Q.Msg("persistent", persistent: true), 0);
        Assert.Empty(tfx.PersistedEnqueues);
    }

    [Fact]
    public void Every_way_out_journals_a_removal()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 3), ("x-dead-letter-exchange", "dlx")), durable: true);
        for (var i = 0; i < 4; i++) q.Enqueue(Q.Msg("m" + i, persistent: true, expirationMs: i == 1 ? 5 : null), 0);
        Assert.Equal([1L], fx.PersistedRemoves);                    // drop-head: m0

        q.ExpireDue(10);                                            // m1 expired at head
        Assert.Equal([1L, 2L], fx.PersistedRemoves);
        Assert.True(q.TryGet(1, noAck: false, 10, out var got));    // m2 unacked
        q.Ack(got.MessageId, 10);
        Assert.Equal([1L, 2L, 3L], fx.PersistedRemoves);
        Assert.True(q.TryGet(1, noAck: true, 10, out _));           // m3 gone at once
        Assert.Equal([1L, 2L, 3L, 4L], fx.PersistedRemoves);
        Assert.Equal(4, fx.PersistedExpiry.Count);
        Assert.Equal(5, fx.PersistedExpiry[2]);
        Assert.Equal(long.MaxValue, fx.PersistedExpiry[1]);
    }

    [Fact]
    public void Direct_delivery_to_a_no_ack_consumer_is_not_journalled()
    {
        var (q, fx) = Q.Engine(durable: true);
        q.AddConsumer("auto", 1, noAck: true, false, 0, 0, 0);
        q.Enqueue(Q.Msg("m", persistent: true), 0);
        Assert.Single(fx.Deliveries);
        Assert.Empty(fx.PersistedEnqueues);
        Assert.Empty(fx.PersistedRemoves);
    }

    [Fact]
    public void Restore_rebuilds_order_flags_and_ids()
    {
        var (q, fx) = Q.Engine(durable: true);
        q.Restore(7, Q.Msg("seven", persistent: true), redelivered: false);
        q.Restore(3, Q.Msg("three", persistent: true), redelivered: true);
        q.Restore(5, Q.Msg("five", persistent: true), redelivered: false, expiresAtMs: 100);
        Assert.Equal(8, q.NextMessageId);
        Assert.Empty(fx.PersistedEnqueues);
        Assert.Equal(3, q.MessageCount);

        q.AddConsumer("c", 1, false, false, 0, 0, 0);
        Assert.Equal(["three", "five", "seven"], fx.DeliveredBodies());
        Assert.True(fx.Deliveries[0].Redelivered);
        Assert.Equal([3L, 5L, 7L], fx.Deliveries.ConvertAll(d => d.MessageId));

        q.Enqueue(Q.Msg("new", persistent: true), 0);
        Assert.Equal([8L], fx.PersistedEnqueues);
        q.Ack([3, 5, 7, 8], 0);
        Assert.Equal([3L, 5L, 7L, 8L], fx.PersistedRemoves);
    }

    [Fact]
    public void Quorum_delivery_limit_dead_letters_after_too_many_returns()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-queue-type", "quorum"), ("x-delivery-limit", 1), ("x-dead-letter-exchange", "dlx")));
        q.AddConsumer("c", 1, false, false, 1, 0, 0);
        Q.Publish(q, 0, "m");
        q.Reject(fx.Deliveries[0].MessageId, true, 0);
        Assert.Equal(2, fx.Deliveries.Count);
        q.Reject(fx.Deliveries[1].MessageId, true, 0);
        Assert.Equal(2, fx.Deliveries.Count);
        Assert.Equal(["m"], fx.DeadLetteredBodies(DeadLetterReason.DeliveryLimit));

        // Classic queues accept the argument and ignore it.
        var (classic, cfx) = Q.Engine(Q.Args(("x-delivery-limit", 1)));
        classic.AddConsumer("c", 1, false, false, 1, 0, 0);
        Q.Publish(classic, 0, "m");
        for (var i = 0; i < 3; i++) classic.Reject(cfx.Deliveries[i].MessageId, true, 0);
        Assert.Equal(4, cfx.Deliveries.Count);
    }
}
