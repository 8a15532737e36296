using Fabric.Broker.Queues;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

/// <summary>A no-ack consumer with a credit: at most that many deliveries in flight; the queue keeps the rest.</summary>
public class NoAckCreditTests
{
    private static void NoAck(QueueEngine q, string tag, int credit, long channel = 1, long nowMs = 0) =>
        Assert.Null(q.AddConsumer(tag, channel, noAck: true, exclusive: false, prefetch: 0, priority: 0, nowMs,
            credit: credit));

    [Fact]
    public void Hands_over_the_credit_and_keeps_the_rest_ready_until_credit_comes_back()
    {
        var (q, fx) = Q.Engine();
        NoAck(q, "c", credit: 3);
        Q.Publish(q, 0, "1", "2", "3", "4", "5", "6");

        Assert.Equal(["1", "2", "3"], fx.DeliveredBodies());
        Assert.Equal(3, q.MessageCount);
        Assert.Equal(3, q.Consumers[0].InFlight);
        Assert.Equal(0, q.UnackedCount);

        q.ReturnCredit(1, "c", 2, 0);
        Assert.Equal(["1", "2", "3", "4", "5"], fx.DeliveredBodies());
        Assert.Equal(1, q.MessageCount);
        Assert.Equal(3, q.Consumers[0].InFlight);

        q.ReturnCredit(1, "c", 3, 0);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], fx.DeliveredBodies());
        Assert.Equal(1, q.Consumers[0].InFlight);
        Q.Publish(q, 0, "7", "8", "9");
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8"], fx.DeliveredBodies());
    }

    [Fact]
    public void Max_length_drops_the_head_of_what_a_stalled_consumer_left_in_the_queue()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-max-length", 5), ("x-dead-letter-exchange", "dlx")));
        NoAck(q, "c", credit: 2);
        for (var i = 1; i <= 20; i++) Q.Publish(q, 0, i.ToString());

        Assert.Equal(["1", "2"], fx.DeliveredBodies());
        Assert.Equal(5, q.MessageCount);
        Assert.Equal(13, fx.DeadLetteredBodies(DeadLetterReason.MaxLen).Count);

        q.ReturnCredit(1, "c", 2, 0);
        q.ReturnCredit(1, "c", 2, 0);
        q.ReturnCredit(1, "c", 2, 0);
        Assert.Equal(["1", "2", "16", "17", "18", "19", "20"], fx.DeliveredBodies());
        Assert.Equal(0, q.MessageCount);
    }

    [Fact]
    public void Ttl_expires_what_a_stalled_consumer_left_in_the_queue()
    {
        var (q, fx) = Q.Engine(Q.Args(("x-message-ttl", 100), ("x-dead-letter-exchange", "dlx")));
        NoAck(q, "c", credit: 1);
        Q.Publish(q, 0, "a", "b", "c");
        Assert.Equal(["a"], fx.DeliveredBodies());

        Assert.Equal(2, q.ExpireDue(150));
        Assert.Equal(0, q.MessageCount);
        Assert.Equal(["b", "c"], fx.DeadLetteredBodies(DeadLetterReason.Expired));

        q.ReturnCredit(1, "c", 1, 150);
        Assert.Equal(["a"], fx.DeliveredBodies());
    }

    [Fact]
    public void Another_consumer_and_basic_get_take_what_a_stalled_consumer_cannot()
    {
        var (q, fx) = Q.Engine();
        NoAck(q, "stalled", credit: 2);
        Assert.Null(q.AddConsumer("other", 2, noAck: false, exclusive: false, prefetch: 3, priority: 0, nowMs: 0));
        Q.Publish(q, 0, "1", "2", "3", "4", "5", "6", "7");

        Assert.Equal(["1", "3"], fx.DeliveredBodies("stalled"));
        Assert.Equal(["2", "4", "5"], fx.DeliveredBodies("other"));
        Assert.Equal(2, q.MessageCount);

        Assert.True(q.TryGet(3, noAck: true, 0, out var got));
        Assert.Equal("6", Q.Text(got.Message));
        Assert.True(q.Ack(fx.Deliveries[1].MessageId, 0));
        Assert.Equal(["2", "4", "5", "7"], fx.DeliveredBodies("other"));
        Assert.Equal(0, q.MessageCount);
    }

    [Fact]
    public void Cancel_drops_the_credit_state_and_a_later_consumer_gets_everything_kept()
    {
        var (q, fx) = Q.Engine();
        NoAck(q, "c", credit: 2);
        Q.Publish(q, 0, "1", "2", "3", "4", "5");
        Assert.True(q.RemoveConsumer(1, "c", 0));
        q.ReturnCredit(1, "c", 2, 0); // late: the consumer is gone, nothing happens
        Assert.Equal(["1", "2"], fx.DeliveredBodies());
        Assert.Equal(3, q.MessageCount);

        NoAck(q, "c", credit: 2);
        Assert.Equal(["1", "2", "3", "4"], fx.DeliveredBodies());
        Assert.Equal(2, q.Consumers[0].InFlight);

        q.ChannelClosed(1, 0);
        Assert.Equal(0, q.ConsumerCount);
        NoAck(q, "d", credit: 5, channel: 2);
        Assert.Equal(["1", "2", "3", "4", "5"], fx.DeliveredBodies());
        Assert.Equal(1, q.Consumers[0].InFlight);
    }

    [Fact]
    public void Credit_is_ignored_for_manual_ack_consumers()
    {
        var (q, fx) = Q.Engine();
        Assert.Null(q.AddConsumer("m", 1, noAck: false, exclusive: false, prefetch: 0, priority: 0, nowMs: 0, credit: 1));
        Q.Publish(q, 0, "a", "b", "c");
        Assert.Equal(3, fx.Deliveries.Count);
        Assert.Equal(0, q.Consumers[0].Credit);
    }

    [Fact]
    public void In_flight_never_passes_the_credit_and_every_message_is_delivered_once_returned()
    {
        var ops = Gen.ListOf(Gen.Choose(-4, 6)).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Gen.Choose(1, 5).ToArbitrary(), ops, (credit, steps) =>
        {
            var (q, fx) = Q.Engine();
            NoAck(q, "c", credit);
            var published = 0;
            var returned = 0;
            foreach (var step in steps)
            {
                if (step >= 0)
                {
                    for (var i = 0; i < step; i++) Q.Publish(q, 0, (published++).ToString());
                }
                else
                {
                    var written = Math.Min(-step, q.Consumers[0].InFlight); // a connection returns only what it wrote
                    q.ReturnCredit(1, "c", written, 0);
                    returned += written;
                }

                var consumer = q.Consumers[0];
                Assert.InRange(consumer.InFlight, 0, credit);
                Assert.Equal(fx.Deliveries.Count - returned, consumer.InFlight);
                Assert.Equal(published, fx.Deliveries.Count + q.MessageCount);
                Assert.True(q.MessageCount == 0 || consumer.InFlight == credit);
            }

            for (var i = 0; i < fx.Deliveries.Count; i++) Assert.Equal(i.ToString(), Q.Text(fx.Deliveries[i].Message));
        }));
    }
}
