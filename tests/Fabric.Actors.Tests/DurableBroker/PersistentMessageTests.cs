using Fabric.Actors.Tests.Persistence;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Messages;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

public sealed class PersistentMessageTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    private static string BodyOf(Message message) => System.Text.Encoding.UTF8.GetString(message.Body.Span);

    /// <summary>Publishes with a confirm to the probe and waits for it.</summary>
    private static void PublishConfirmed(DurableNode node, string queue, string body, bool persistent, ulong seqNo)
    {
        var probe = node.Kit.CreateTestProbe();
        node.VHost.FindQueue(queue)!.Actor.Tell(new QueuePublish(DurableNode.NewMessage(body, persistent), probe, 1, seqNo));
        var confirm = probe.ExpectConfirm(Long);
        Assert.True(confirm.Ack);
        Assert.Equal(seqNo, confirm.SeqNo);
    }

    private static async Task<TestKit.TestProbe> Consume(DurableNode node, string queue)
    {
        var connection = node.Kit.CreateTestProbe();
        await node.VHost.FindQueue(queue)!.Actor.Ask<QueueReply>(new QueueConsume(connection, 1, (1L << 16) | 1, 1, "c",
            false, false, 0, FieldTable.Empty), Long);
        return connection;
    }

    [Fact]
    public async Task Confirmed_persistent_messages_survive_a_restart_acked_and_transient_ones_do_not()
    {
        using var file = new TempDatabaseFile();
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            await node.DeclareQueue("q", durable: true);
            PublishConfirmed(node, "q", "acked", persistent: true, 1);
            PublishConfirmed(node, "q", "unacked", persistent: true, 2);
            PublishConfirmed(node, "q", "transient", persistent: false, 3);
            PublishConfirmed(node, "q", "waiting", persistent: true, 4);
            var connection = await Consume(node, "q");
            var first = connection.ExpectMsg<QueueDeliver>(Long);
            Assert.Equal("acked", BodyOf(first.Message));
            Assert.Equal("unacked", BodyOf(connection.ExpectMsg<QueueDeliver>(Long).Message));
            Assert.Equal("transient", BodyOf(connection.ExpectMsg<QueueDeliver>(Long).Message));
            Assert.Equal("waiting", BodyOf(connection.ExpectMsg<QueueDeliver>(Long).Message));
            node.VHost.FindQueue("q")!.Actor.Tell(new QueueSettle((1L << 16) | 1, [first.MessageId], SettleKind.Ack));
            // A passive declare is answered by the queue after it took the ack (a stop drops unprocessed mail).
            var status = await node.VHost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = "q", Passive = true },
                node.Session());
            Assert.Equal(0u, status.MessageCount); // all three left are delivered, unacked
        }

        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            var connection = await Consume(node, "q");
            var unacked = connection.ExpectMsg<QueueDeliver>(Long);
            Assert.Equal("unacked", BodyOf(unacked.Message));
            Assert.True(unacked.Redelivered);
            var waiting = connection.ExpectMsg<QueueDeliver>(Long);
            Assert.Equal("waiting", BodyOf(waiting.Message));
            Assert.True(waiting.Redelivered); // it had been delivered (not acked) too
            connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }
    }

    [Fact]
    public async Task Never_delivered_messages_come_back_not_redelivered_and_a_deleted_queue_comes_back_empty()
    {
        using var file = new TempDatabaseFile();
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            await node.DeclareQueue("kept", durable: true);
            await node.DeclareQueue("gone", durable: true);
            for (var i = 1; i <= 20; i++) PublishConfirmed(node, "kept", "m" + i, persistent: true, (ulong)i);
            PublishConfirmed(node, "gone", "old", persistent: true, 21);
            await node.VHost.QueueDelete(new Fabric.Amqp.Methods.QueueDelete { Queue = "gone" }, node.Session());
            await node.DeclareQueue("gone", durable: true);
            PublishConfirmed(node, "gone", "new", persistent: true, 22);
        }

        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            var connection = await Consume(node, "kept");
            for (var i = 1; i <= 20; i++)
            {
                var delivery = connection.ExpectMsg<QueueDeliver>(Long);
                Assert.Equal("m" + i, BodyOf(delivery.Message));
                Assert.False(delivery.Redelivered);
            }
            var gone = await Consume(node, "gone");
            Assert.Equal("new", BodyOf(gone.ExpectMsg<QueueDeliver>(Long).Message));
            gone.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }
    }

    [Fact]
    public async Task Messages_left_by_a_queue_deleted_before_a_crash_do_not_come_back_in_a_new_queue_of_the_name()
    {
        using var file = new TempDatabaseFile();
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            await node.DeclareQueue("q", durable: true);
            PublishConfirmed(node, "q", "old", persistent: true, 1);
        }
        // As if the node crashed after journalling the delete in the topology but before the queue's own journal went.
        await using (var store = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path)))
        {
            var deleted = new QueueDeleted("q");
            var serializer = BrokerEventSerializer.Instance;
            var last = await store.ReadHighestSequenceNrAsync("vhost|/");
            await store.WriteAsync(new AtomicWrite(new PersistentRepresentation(
                "vhost|/", last + 1, serializer.ManifestOf(deleted), serializer.ToBinary(deleted))));
        }

        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            Assert.Null(node.VHost.FindQueue("q"));
            await node.DeclareQueue("q", durable: true);
            PublishConfirmed(node, "q", "new", persistent: true, 2);
        }

        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            var connection = await Consume(node, "q");
            Assert.Equal("new", BodyOf(connection.ExpectMsg<QueueDeliver>(Long).Message));
            connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }
    }

    [Fact]
    public async Task A_recovered_message_acked_after_the_restart_is_gone_after_the_next_one()
    {
        using var file = new TempDatabaseFile();
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            await node.DeclareQueue("q", durable: true);
            PublishConfirmed(node, "q", "once", persistent: true, 1);
        }
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            var connection = await Consume(node, "q");
            var delivery = connection.ExpectMsg<QueueDeliver>(Long);
            Assert.Equal("once", BodyOf(delivery.Message));
            node.VHost.FindQueue("q")!.Actor.Tell(new QueueSettle((1L << 16) | 1, [delivery.MessageId], SettleKind.Ack));
            PublishConfirmed(node, "q", "after", persistent: true, 2); // its confirm follows the ack's write
            Assert.Equal("after", BodyOf(connection.ExpectMsg<QueueDeliver>(Long).Message));
        }
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            var connection = await Consume(node, "q");
            var delivery = connection.ExpectMsg<QueueDeliver>(Long);
            Assert.Equal("after", BodyOf(delivery.Message));
            Assert.True(delivery.Redelivered);
            connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }
    }
}
