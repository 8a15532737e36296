using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

/// <summary>The queue actor's protocol with probes as the consumers' connections.</summary>
public sealed class QueueActorTests : BrokerTestBase
{
    [Fact]
    public async Task Publish_consume_ack_delivers_in_order_and_acked_messages_are_gone()
    {
        await DeclareQueue("pca");
        var connection = CreateTestProbe();
        Publish("", "pca", "1");
        Publish("", "pca", "2");
        Assert.Same(QueueReply.Ok, await Consume("pca", connection, "ctag"));
        var first = connection.ExpectMsg<QueueDeliver>();
        var second = connection.ExpectMsg<QueueDeliver>();
        Assert.Equal(("1", "2"), (BodyOf(first.Message), BodyOf(second.Message)));
        Assert.Equal((1, "ctag", "pca", false), (first.Channel, first.ConsumerTag, first.Queue, first.Redelivered));
        Publish("", "pca", "3");
        Assert.Equal("3", BodyOf(connection.ExpectMsg<QueueDeliver>().Message));

        QueueRef("pca").Tell(new QueueSettle(ChannelKey(1, 1), [first.MessageId, second.MessageId], SettleKind.Ack));
        QueueRef("pca").Tell(new QueueChannelClosed(ChannelKey(1, 1)));
        // Only the unacked third message comes back, redelivered, to a new consumer.
        var next = CreateTestProbe();
        Assert.Same(QueueReply.Ok, await Consume("pca", next, "again", channel: 2));
        var redelivered = next.ExpectMsg<QueueDeliver>();
        Assert.Equal(("3", true), (BodyOf(redelivered.Message), redelivered.Redelivered));
        next.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Consume_ok_reaches_the_connection_before_the_first_delivery()
    {
        await DeclareQueue("order");
        Publish("", "order", "waiting");
        var connection = CreateTestProbe();
        // The connection itself sends the consume (as a connection actor would) and so receives the reply.
        QueueRef("order").Tell(new QueueConsume(connection, 1, ChannelKey(1, 1), 1, "c", false, false, 0,
            FieldTable.Empty), connection);
        connection.ExpectMsg<QueueReply>();
        connection.ExpectMsg<QueueDeliver>();
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Prefetch_limits_unacked_deliveries_and_acks_release_more()
    {
        await DeclareQueue("prefetch");
        for (var i = 0; i < 5; i++) Publish("", "prefetch", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var connection = CreateTestProbe();
        await Consume("prefetch", connection, "c", prefetch: 2);
        var a = connection.ExpectMsg<QueueDeliver>();
        connection.ExpectMsg<QueueDeliver>();
        connection.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        QueueRef("prefetch").Tell(new QueueSettle(ChannelKey(1, 1), [a.MessageId], SettleKind.Ack));
        Assert.Equal("2", BodyOf(connection.ExpectMsg<QueueDeliver>().Message));
        connection.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Channel_close_requeues_unacked_as_redelivered_in_original_order()
    {
        await DeclareQueue("requeue");
        var first = CreateTestProbe();
        await Consume("requeue", first, "c1");
        Publish("", "requeue", "a");
        Publish("", "requeue", "b");
        first.ExpectMsg<QueueDeliver>();
        first.ExpectMsg<QueueDeliver>();
        QueueRef("requeue").Tell(new QueueChannelClosed(ChannelKey(1, 1)));
        var second = CreateTestProbe();
        await Consume("requeue", second, "c2", channel: 2);
        var x = second.ExpectMsg<QueueDeliver>();
        var y = second.ExpectMsg<QueueDeliver>();
        Assert.Equal(("a", true, "b", true), (BodyOf(x.Message), x.Redelivered, BodyOf(y.Message), y.Redelivered));
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Nack_with_requeue_redelivers_and_recover_requeues_the_channels_unacked()
    {
        await DeclareQueue("nack");
        var connection = CreateTestProbe();
        await Consume("nack", connection, "c", prefetch: 1);
        Publish("", "nack", "m");
        var d = connection.ExpectMsg<QueueDeliver>();
        QueueRef("nack").Tell(new QueueSettle(ChannelKey(1, 1), [d.MessageId], SettleKind.Requeue));
        var again = connection.ExpectMsg<QueueDeliver>();
        Assert.True(again.Redelivered);
        QueueRef("nack").Tell(new QueueRecover(ChannelKey(1, 1)));
        Assert.True(connection.ExpectMsg<QueueDeliver>().Redelivered);
    }

    [Fact]
    public async Task Basic_get_returns_messages_with_the_remaining_count_then_empty()
    {
        await DeclareQueue("get");
        Publish("", "get", "1");
        Publish("", "get", "2");
        var queue = QueueRef("get");
        await AwaitAssertAsync(async () =>
        {
            var status = await VHost.QueueDeclare(new QueueDeclare { Queue = "get", Passive = true }, Session());
            Assert.Equal(2u, status.MessageCount);
        });
        var ok = await queue.Ask<QueueGetOk>(new QueueGet(TestActor, 1, ChannelKey(1, 1), 1, NoAck: true), Long);
        Assert.Equal(("1", 1u, "get"), (BodyOf(ok.Message), ok.MessageCount, ok.Queue));
        ok = await queue.Ask<QueueGetOk>(new QueueGet(TestActor, 1, ChannelKey(1, 1), 1, NoAck: false), Long);
        Assert.Equal(0u, ok.MessageCount);
        Assert.IsType<QueueGetEmpty>(await queue.Ask(new QueueGet(TestActor, 1, ChannelKey(1, 1), 1, true), Long));
        // The unacked get comes back on reject with requeue.
        queue.Tell(new QueueSettle(ChannelKey(1, 1), [ok.MessageId], SettleKind.Requeue));
        var back = await queue.Ask<QueueGetOk>(new QueueGet(TestActor, 1, ChannelKey(1, 1), 1, true), Long);
        Assert.True(back.Redelivered);
    }

    [Fact]
    public async Task Publisher_confirms_come_back_with_channel_and_sequence_number()
    {
        await DeclareQueue("confirm");
        await DeclareQueue("bounded", arguments: Table(("x-max-length", 1), ("x-overflow", "reject-publish")));
        var publisher = CreateTestProbe();
        Publish("", "confirm", "m", confirmTo: publisher, seqNo: 7);
        Assert.Equal(new QueuePublishConfirmed(1, 7, true), publisher.ExpectMsg<QueuePublishConfirmed>());
        Publish("", "bounded", "1", confirmTo: publisher, seqNo: 8);
        Publish("", "bounded", "2", confirmTo: publisher, seqNo: 9);
        Assert.Equal(new QueuePublishConfirmed(1, 8, true), publisher.ExpectMsg<QueuePublishConfirmed>());
        Assert.Equal(new QueuePublishConfirmed(1, 9, false), publisher.ExpectMsg<QueuePublishConfirmed>());
    }

    [Fact]
    public async Task Deleting_a_queue_cancels_its_consumers()
    {
        await DeclareQueue("cancelled");
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        await Consume("cancelled", a, "ca", channel: 3);
        await Consume("cancelled", b, "cb", channel: 4, connectionId: 2);
        await VHost.QueueDelete(new QueueDelete { Queue = "cancelled" }, Session());
        Assert.Equal(new QueueConsumerCancelled(3, "ca"), a.ExpectMsg<QueueConsumerCancelled>());
        Assert.Equal(new QueueConsumerCancelled(4, "cb"), b.ExpectMsg<QueueConsumerCancelled>());
    }

    [Fact]
    public async Task Auto_delete_queue_goes_after_the_last_consumer_cancels_not_before_the_first_consume()
    {
        await DeclareQueue("auto", autoDelete: true);
        var connection = CreateTestProbe();
        var queue = QueueRef("auto");
        Assert.Same(QueueReply.Ok, await Consume("auto", connection, "c1"));
        Assert.Same(QueueReply.Ok, await Consume("auto", connection, "c2"));
        Assert.Same(QueueReply.Ok, await queue.Ask<QueueReply>(new QueueCancel(ChannelKey(1, 1), "c1"), Long));
        Assert.NotNull(VHost.FindQueue("auto"));
        Assert.Same(QueueReply.Ok, await queue.Ask<QueueReply>(new QueueCancel(ChannelKey(1, 1), "c2"), Long));
        await AwaitAssertAsync(() =>
        {
            Assert.Null(VHost.FindQueue("auto"));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Auto_delete_queue_also_goes_when_the_consumers_channel_closes()
    {
        await DeclareQueue("auto2", autoDelete: true);
        await Consume("auto2", CreateTestProbe(), "c");
        QueueRef("auto2").Tell(new QueueChannelClosed(ChannelKey(1, 1)));
        await AwaitAssertAsync(() =>
        {
            Assert.Null(VHost.FindQueue("auto2"));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task X_expires_deletes_an_unused_queue_but_not_one_with_a_consumer()
    {
        await DeclareQueue("kept", arguments: Table(("x-expires", 1000)));
        await Consume("kept", CreateTestProbe(), "c");
        await DeclareQueue("expiring", arguments: Table(("x-expires", 300)));
        await AwaitAssertAsync(() =>
        {
            Assert.Null(VHost.FindQueue("expiring"));
            return Task.CompletedTask;
        }, Long);
        // Well past kept's x-expires: its consumer keeps it.
        ExpectNoMsg(TimeSpan.FromMilliseconds(1200));
        Assert.NotNull(VHost.FindQueue("kept"));
    }

    [Fact]
    public async Task Redeclaring_restarts_the_x_expires_clock()
    {
        await DeclareQueue("touched", arguments: Table(("x-expires", 1500)));
        var actor = QueueRef("touched");
        var declared = System.Diagnostics.Stopwatch.StartNew();
        // Touched every 400 ms until it is well past its x-expires (a timed wait may return a little early).
        while (declared.ElapsedMilliseconds < 2000)
        {
            ExpectNoMsg(TimeSpan.FromMilliseconds(400));
            await DeclareQueue("touched", arguments: Table(("x-expires", 1500)));
        }
        // Older than its x-expires, but touched all along: still the same queue.
        Assert.Same(actor, QueueRef("touched"));
        await AwaitAssertAsync(() =>
        {
            Assert.Null(VHost.FindQueue("touched"));
            return Task.CompletedTask;
        }, Long);
    }

    [Fact]
    public async Task Message_ttl_dead_letters_into_another_queue_with_x_death()
    {
        await DeclareExchange("dlx", "direct");
        await DeclareQueue("dead");
        await Bind("dead", "dlx", "dead-key");
        await DeclareQueue("ttl", arguments: Table(("x-message-ttl", 100), ("x-dead-letter-exchange", "dlx"),
            ("x-dead-letter-routing-key", "dead-key")));
        Publish("", "ttl", "expires", expirationMs: 50);
        var connection = CreateTestProbe();
        await Consume("dead", connection, "c");
        var delivery = connection.ExpectMsg<QueueDeliver>(Long);
        var message = delivery.Message;
        Assert.Equal(("expires", "dlx", "dead-key", null), (BodyOf(message), message.Exchange, message.RoutingKey,
            message.ExpirationMs));
        var headers = Assert.IsType<FieldTable>(message.Headers);
        var deaths = Assert.IsAssignableFrom<IReadOnlyList<object?>>(headers["x-death"]);
        var death = Assert.IsType<FieldTable>(Assert.Single(deaths));
        Assert.True(death.TryGetString("reason", out var reason));
        Assert.Equal("expired", reason);
        Assert.True(death.TryGetString("queue", out var queue));
        Assert.Equal("ttl", queue);
        Assert.True(death.TryGetString("original-expiration", out var original));
        Assert.Equal("50", original);
        Assert.True(headers.TryGetString("x-first-death-reason", out var first));
        Assert.Equal("expired", first);
        // The properties on the wire carry the same headers and no expiration.
        var view = new Fabric.Amqp.Content.BasicPropertiesView(message.Properties.Span);
        Assert.Null(view.Expiration);
        Assert.True(view.Headers!.ContainsKey("x-death"));
    }

    [Fact]
    public async Task Rejected_messages_dead_letter_with_their_original_routing_key()
    {
        await DeclareQueue("dlq");
        await Bind("dlq", "amq.fanout", "");
        await DeclareQueue("work", arguments: Table(("x-dead-letter-exchange", "amq.fanout")));
        var worker = CreateTestProbe();
        await Consume("work", worker, "w");
        Publish("", "work", "bad");
        var d = worker.ExpectMsg<QueueDeliver>();
        QueueRef("work").Tell(new QueueSettle(ChannelKey(1, 1), [d.MessageId], SettleKind.Discard));
        var reader = CreateTestProbe();
        await Consume("dlq", reader, "r", channel: 2);
        var dead = reader.ExpectMsg<QueueDeliver>();
        Assert.Equal(("amq.fanout", "work"), (dead.Message.Exchange, dead.Message.RoutingKey));
        Assert.True(((FieldTable)dead.Message.Headers!).TryGetString("x-first-death-reason", out var reason));
        Assert.Equal("rejected", reason);
    }

    [Fact]
    public async Task A_crashing_queue_actor_is_restarted_and_the_vhost_keeps_working()
    {
        await DeclareQueue("fragile");
        var connection = CreateTestProbe();
        await Consume("fragile", connection, "c", channel: 5);
        var queue = QueueRef("fragile");
        queue.Tell(new QueuePublish(null!, null, 0, 0)); // the engine throws on a null message
        Assert.Equal(new QueueConsumerCancelled(5, "c"), connection.ExpectMsg<QueueConsumerCancelled>());
        // Same queue, same actor, working again.
        Assert.Same(queue, VHost.FindQueue("fragile")!.Actor);
        Assert.Same(QueueReply.Ok, await Consume("fragile", connection, "c2", channel: 5));
        Publish("", "fragile", "after");
        Assert.Equal("after", BodyOf(connection.ExpectMsg<QueueDeliver>().Message));
        await DeclareQueue("other");
        Assert.Equal(["other"], Publish("", "other", "m"));
    }

    [Fact]
    public async Task A_queue_actor_that_stops_for_good_is_unregistered_and_its_name_is_free_again()
    {
        await DeclareQueue("killed");
        await Bind("killed", "amq.direct", "k");
        QueueRef("killed").Tell(Kill.Instance);
        await AwaitAssertAsync(() =>
        {
            Assert.Null(VHost.FindQueue("killed"));
            Assert.Equal(0, VHost.FindExchange("amq.direct")!.Snapshot.Table.Count);
            return Task.CompletedTask;
        });
        await DeclareQueue("killed");
        Assert.Equal(["killed"], Publish("", "killed", "m"));
    }

    [Fact]
    public async Task An_auto_deleted_queue_can_be_redeclared_right_after_cancel_ok()
    {
        for (var i = 0; i < 10; i++)
        {
            await DeclareQueue("ad-re", autoDelete: true);
            var queue = QueueRef("ad-re");
            await Consume("ad-re", CreateTestProbe(), "c");
            Assert.Same(QueueReply.Ok, await queue.Ask<QueueReply>(new QueueCancel(ChannelKey(1, 1), "c"), Long));
            await DeclareQueue("ad-re", autoDelete: true);
            Assert.NotSame(queue, QueueRef("ad-re"));
            await Consume("ad-re", CreateTestProbe(), "c");
            await QueueRef("ad-re").Ask<QueueReply>(new QueueCancel(ChannelKey(1, 1), "c"), Long);
        }
    }

    [Fact]
    public async Task A_declare_racing_an_auto_delete_gets_a_fresh_queue_not_an_error()
    {
        for (var i = 0; i < 20; i++)
        {
            await DeclareQueue("racy", autoDelete: true);
            await Consume("racy", CreateTestProbe(), "c");
            QueueRef("racy").Tell(new QueueCancel(ChannelKey(1, 1), "c"));
            var ok = await VHost.QueueDeclare(new QueueDeclare { Queue = "racy", AutoDelete = true }, Session());
            Assert.Equal(("racy", 0u), (ok.Queue, ok.ConsumerCount));
            await Consume("racy", CreateTestProbe(), "c");
            await QueueRef("racy").Ask<QueueReply>(new QueueCancel(ChannelKey(1, 1), "c"), Long);
        }
    }

    [Fact]
    public async Task A_channel_cannot_settle_another_channels_deliveries()
    {
        await DeclareQueue("owned");
        var a = CreateTestProbe();
        await Consume("owned", a, "a", prefetch: 1);
        Publish("", "owned", "m1");
        Publish("", "owned", "m2");
        var d = a.ExpectMsg<QueueDeliver>();
        QueueRef("owned").Tell(new QueueSettle(ChannelKey(9, 9), [d.MessageId], SettleKind.Ack));
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // still holding its one credit
        QueueRef("owned").Tell(new QueueSettle(ChannelKey(1, 1), [d.MessageId], SettleKind.Ack));
        Assert.Equal("m2", BodyOf(a.ExpectMsg<QueueDeliver>().Message));
    }

    [Fact]
    public async Task A_late_settle_for_a_deleted_queue_does_not_touch_its_successor()
    {
        await DeclareQueue("reborn");
        var a = CreateTestProbe();
        await Consume("reborn", a, "a");
        Publish("", "reborn", "old");
        var old = a.ExpectMsg<QueueDeliver>();
        await VHost.QueueDelete(new QueueDelete { Queue = "reborn" }, Session());
        await DeclareQueue("reborn");
        await Consume("reborn", a, "a2");
        Publish("", "reborn", "new");
        var fresh = a.FishForMessage<QueueDeliver>();
        Assert.NotEqual(old.MessageId, fresh.MessageId);
        QueueRef("reborn").Tell(new QueueSettle(ChannelKey(1, 1), [old.MessageId], SettleKind.Discard));
        QueueRef("reborn").Tell(new QueueChannelClosed(ChannelKey(1, 1)));
        // The new delivery was not discarded by the stale settle: it is back, redelivered.
        var status = await VHost.QueueDeclare(new QueueDeclare { Queue = "reborn", Passive = true }, Session());
        Assert.Equal(1u, status.MessageCount);
    }

    [Fact]
    public async Task A_channel_wide_prefetch_is_shared_by_the_channels_consumers()
    {
        await DeclareQueue("global");
        for (var i = 0; i < 10; i++) Publish("", "global", "m");
        var connection = CreateTestProbe();
        var queue = QueueRef("global");
        foreach (var tag in new[] { "a", "b" })
        {
            Assert.Same(QueueReply.Ok, await queue.Ask<QueueReply>(new QueueConsume(connection, 1, ChannelKey(1, 1), 1,
                tag, false, false, 0, FieldTable.Empty, ChannelPrefetch: 3), Long));
        }
        var delivered = connection.ReceiveN(3).Cast<QueueDeliver>().ToArray();
        connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        var status = await VHost.QueueDeclare(new QueueDeclare { Queue = "global", Passive = true }, Session());
        Assert.Equal(7u, status.MessageCount);
        // One ack frees one slot for whichever consumer is next.
        queue.Tell(new QueueSettle(ChannelKey(1, 1), [delivered[0].MessageId], SettleKind.Ack));
        connection.ExpectMsg<QueueDeliver>();
        connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
