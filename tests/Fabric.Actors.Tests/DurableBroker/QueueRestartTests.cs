using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Messages;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>
/// A durable queue restarted by its vhost after a failed journal write reloads its stored messages (docs/DURABILITY.md
/// §3, "Restart"): the scenarios, run on SQLite and PostgreSQL.
/// </summary>
public abstract class QueueRestartTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private const long Channel1 = (1L << 16) | 1;
    private const long Channel2 = (2L << 16) | 1;
    private const long Channel3 = (3L << 16) | 1;

    private protected abstract Task<ConfirmNode> StartAsync(string name);

    private static string BodyOf(Message message) => System.Text.Encoding.UTF8.GetString(message.Body.Span);

    private static IActorRef Queue(ConfirmNode node) => node.VHost.FindQueue("q")!.Actor;

    private static void Publish(ConfirmNode node, TestKit.TestProbe confirms, string body, ulong seqNo) =>
        Queue(node).Tell(new QueuePublish(DurableNode.NewMessage(body), confirms, 1, seqNo, ConfirmInRuns: true));

    private static void PublishConfirmed(ConfirmNode node, string body, ulong seqNo)
    {
        var confirms = node.Kit.CreateTestProbe();
        Publish(node, confirms, body, seqNo);
        Assert.Equal((seqNo, true), confirms.ExpectConfirm(Long));
    }

    /// <summary>A node with the durable queue "q" holding m1..m<paramref name="messages"/>, published and confirmed.</summary>
    private async Task<ConfirmNode> StartWithQueueAsync(string name, int messages)
    {
        var node = await StartAsync(name);
        await node.DeclareQueue("q", durable: true);
        for (var i = 1; i <= messages; i++) PublishConfirmed(node, "m" + i, (ulong)i);
        return node;
    }

    private static Task<QueueReply> Consume(ConfirmNode node, TestKit.TestProbe connection, long channelKey, ushort prefetch) =>
        Queue(node).Ask<QueueReply>(new QueueConsume(connection, 1, channelKey, channelKey >> 16, "c", false, false, prefetch,
            FieldTable.Empty), Long);

    /// <summary>Restarts the node and consumes the queue afresh: its <paramref name="count"/> messages, and no more.</summary>
    private static async Task<List<(string Body, bool Redelivered)>> AllAfterNodeRestartAsync(ConfirmNode node, int count)
    {
        await node.RestartAsync();
        var consumer = node.Kit.CreateTestProbe();
        await Consume(node, consumer, Channel1, prefetch: 0);
        var received = Deliveries(consumer, count);
        consumer.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        return received;
    }

    /// <summary>The next <paramref name="count"/> deliveries: body and redelivered flag.</summary>
    private static List<(string Body, bool Redelivered)> Deliveries(TestKit.TestProbe connection, int count)
    {
        var received = new List<(string, bool)>();
        for (var i = 0; i < count; i++)
        {
            var delivery = connection.ExpectMsg<QueueDeliver>(Long);
            received.Add((BodyOf(delivery.Message), delivery.Redelivered));
        }
        return received;
    }

    [Fact]
    public async Task A_queue_restarted_after_a_failed_write_has_its_confirmed_messages_and_keeps_them_across_a_node_restart()
    {
        await using var node = await StartWithQueueAsync("restart-reload", 6);
        var consumer = node.Kit.CreateTestProbe();
        await Consume(node, consumer, Channel1, prefetch: 2);
        var first = consumer.ExpectMsg<QueueDeliver>(Long);
        Assert.Equal("m1", BodyOf(first.Message));
        Assert.Equal("m2", BodyOf(consumer.ExpectMsg<QueueDeliver>(Long).Message));
        Queue(node).Tell(new QueueSettle(Channel1, [first.MessageId], SettleKind.Ack));
        Assert.Equal("m3", BodyOf(consumer.ExpectMsg<QueueDeliver>(Long).Message));
        // Its confirm implies that the ack before it is durable: m1 must not come back.
        PublishConfirmed(node, "m7", 7);

        // m4 is handed out by basic.get (its delivery is journalled lazily), then the queue's next write fails: that
        // write is m8's (nacked) or, if the ids' timer came first, the one with m4's delivery (m8 then goes to the
        // restarted queue and is confirmed). Either way the confirm tells whether m8 is kept.
        node.Journal.FailNext(1);
        var getter = node.Kit.CreateTestProbe();
        Queue(node).Tell(new QueueGet(getter, 1, Channel2, 2, NoAck: false), getter);
        var confirms = node.Kit.CreateTestProbe();
        Publish(node, confirms, "m8", 8);
        Assert.Equal("m4", BodyOf(getter.ExpectMsg<QueueGetOk>(Long).Message));
        var (_, m8Kept) = confirms.ExpectConfirm(Long);
        Assert.Equal(1, consumer.ExpectMsg<QueueConsumerCancelled>(Long).Channel);

        // The restarted queue: m1 acked; m2, m3 (consumer) and m4 (basic.get) delivered unacked come back redelivered.
        var expected = new List<(string, bool)> { ("m2", true), ("m3", true), ("m4", true), ("m5", false), ("m6", false), ("m7", false) };
        if (m8Kept) expected.Add(("m8", false));
        var again = node.Kit.CreateTestProbe();
        Assert.Null((await Consume(node, again, Channel3, prefetch: 0)).Error);
        Assert.Equal(expected, Deliveries(again, expected.Count));
        again.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // It takes publishes again; after a node restart everything is there once, redelivered: their deliveries
        // were journalled with m9 (m9's own delivery may be too late for the journal).
        PublishConfirmed(node, "m9", 9);
        Assert.Equal(("m9", false), Deliveries(again, 1)[0]);
        var before = expected.ConvertAll(e => (e.Item1, true));
        var afterNodeRestart = await AllAfterNodeRestartAsync(node, before.Count + 1);
        Assert.Equal(before, afterNodeRestart[..before.Count]);
        Assert.Equal("m9", afterNodeRestart[^1].Body);
    }

    [Fact]
    public async Task Commands_sent_while_the_restarted_queue_reloads_are_answered_after_it()
    {
        await using var node = await StartWithQueueAsync("restart-stash", 3);
        node.Journal.HoldReplays();
        node.Journal.FailNext(1);
        var confirms = node.Kit.CreateTestProbe();
        Publish(node, confirms, "lost", 4);
        Assert.Equal((4UL, false), confirms.ExpectConfirm(Long));
        await node.Journal.ReplayWaiting.WaitAsync(Long); // the restarted queue is reading the store

        Publish(node, confirms, "p5", 5);
        var getter = node.Kit.CreateTestProbe();
        Queue(node).Tell(new QueueGet(getter, 1, Channel2, 2, NoAck: false), getter);
        var consumer = node.Kit.CreateTestProbe();
        var consumed = Consume(node, consumer, Channel1, prefetch: 1);
        var status = node.VHost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = "q", Passive = true }, node.Session);
        getter.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(consumed.IsCompleted || status.IsCompleted);

        node.Journal.ReleaseReplays();
        Assert.Equal((5UL, true), confirms.ExpectConfirm(Long));
        var got = getter.ExpectMsg<QueueGetOk>(Long);
        Assert.Equal(("m1", false), (BodyOf(got.Message), got.Redelivered));
        Assert.Null((await consumed).Error);
        Assert.Equal(("m2", false), Deliveries(consumer, 1)[0]);
        var declared = await status;
        Assert.Equal((2u, 1u), (declared.MessageCount, declared.ConsumerCount)); // m3 and p5 ready

        Assert.Equal(["m1", "m2", "m3", "p5"], (await AllAfterNodeRestartAsync(node, 4)).ConvertAll(d => d.Body));
    }

    [Fact]
    public async Task A_write_in_flight_when_a_turn_fails_is_confirmed_once_durable_and_read_once_by_the_restarted_queue()
    {
        await using var node = await StartWithQueueAsync("restart-in-flight", 1);
        var replaysBefore = node.Journal.Replays;
        node.Journal.Hold();
        var confirms = node.Kit.CreateTestProbe();
        Publish(node, confirms, "m2", 2);
        // Answered by the queue after the publish's turn, which started the (held) write.
        await node.VHost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = "q", Passive = true }, node.Session);
        Assert.Equal(1, node.Journal.HeldCount);

        Queue(node).Tell(new QueuePublish(null!, null, 1, 0)); // any exception in a turn: the queue restarts
        var getter = node.Kit.CreateTestProbe();
        Queue(node).Tell(new QueueGet(getter, 1, Channel2, 2, NoAck: true), getter);
        getter.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(replaysBefore, node.Journal.Replays); // the reload waits for the write in flight
        confirms.ExpectNoMsg(TimeSpan.Zero);

        node.Journal.Release();
        Assert.Equal((2UL, true), confirms.ExpectConfirm(Long));
        Assert.Equal("m1", BodyOf(getter.ExpectMsg<QueueGetOk>(Long).Message));
        var consumer = node.Kit.CreateTestProbe();
        await Consume(node, consumer, Channel1, prefetch: 0);
        Assert.Equal(("m2", false), Deliveries(consumer, 1)[0]);
        consumer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        PublishConfirmed(node, "m3", 3); // the journal goes on after the write of the failed incarnation

        Assert.Equal(["m2", "m3"], (await AllAfterNodeRestartAsync(node, 2)).ConvertAll(d => d.Body));
    }

    [Fact]
    public async Task A_reload_that_fails_is_retried_after_a_pause_and_publishes_meanwhile_are_nacked()
    {
        await using var node = await StartWithQueueAsync("restart-retry", 1);
        var replaysBefore = node.Journal.Replays;
        node.Journal.HoldReplays();
        node.Journal.FailNextReplays(1);
        node.Journal.FailNext(1);
        var confirms = node.Kit.CreateTestProbe();
        Publish(node, confirms, "lost", 2);
        Assert.Equal((2UL, false), confirms.ExpectConfirm(Long));
        await node.Journal.ReplayWaiting.WaitAsync(Long);
        // The first reload's replay fails; the retry (after a pause) is held, so the failed state can be seen.
        node.Journal.ReleaseReplays(holdNext: true);
        await node.Journal.ReplayWaiting.WaitAsync(Long);
        Publish(node, confirms, "refused", 3);
        Assert.Equal((3UL, false), confirms.ExpectConfirm(Long));
        var getter = node.Kit.CreateTestProbe();
        Queue(node).Tell(new QueueGet(getter, 1, Channel2, 2, NoAck: true), getter);

        node.Journal.ReleaseReplays();
        Assert.Equal("m1", BodyOf(getter.ExpectMsg<QueueGetOk>(Long).Message));
        Assert.Equal(replaysBefore + 2, node.Journal.Replays);
        PublishConfirmed(node, "m4", 4);
    }
}

public sealed class SqliteQueueRestartTests : QueueRestartTests
{
    private protected override Task<ConfirmNode> StartAsync(string name) => ConfirmNode.StartAsync(name);
}

[Trait("Requires", "postgres")]
public sealed class PostgresQueueRestartTests : QueueRestartTests
{
    private protected override Task<ConfirmNode> StartAsync(string name) => ConfirmNode.StartPostgresAsync(name);
}
