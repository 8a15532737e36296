using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.TestKit;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

/// <summary>Channels that consume with <see cref="QueueConsume.Batched"/> get the deliveries a queue makes while
/// working through its mailbox as one <see cref="QueueDeliveries"/>, still after the consume's reply and before any
/// later reply.</summary>
public sealed class QueueBatchedDeliveryTests : BrokerTestBase
{
    private static QueueConsume BatchedConsume(IActorRef connection, string tag, ushort prefetch = 0) =>
        new(connection, 1, ChannelKey(1, 1), 1, tag, false, false, prefetch, FieldTable.Empty, Batched: true);

    /// <summary>Deliveries in order, whichever way they came (one or several per message).</summary>
    private static List<(string Tag, string Body, long Id)> ExpectDeliveries(TestProbe connection, int count)
    {
        var received = new List<(string, string, long)>();
        while (received.Count < count)
        {
            switch (connection.ExpectMsg<object>(Long))
            {
                case QueueDeliver d:
                    received.Add((d.ConsumerTag, BodyOf(d.Message), d.MessageId));
                    break;
                case QueueDeliveries batch:
                    Assert.True(batch.Items.Length > 1);
                    foreach (var item in batch.Items) received.Add((item.ConsumerTag, BodyOf(item.Message), item.MessageId));
                    break;
                case var other:
                    Assert.Fail($"unexpected {other}");
                    break;
            }
        }

        return received;
    }

    [Fact]
    public async Task Ready_messages_go_to_a_new_consumer_as_one_batch_after_consume_ok()
    {
        await DeclareQueue("b1");
        for (var i = 0; i < 5; i++) Publish("", "b1", "m" + i);
        var connection = CreateTestProbe();
        QueueRef("b1").Tell(BatchedConsume(connection, "c"), connection);

        connection.ExpectMsg<QueueReply>(Long);
        var batch = connection.ExpectMsg<QueueDeliveries>(Long);
        Assert.Equal((ushort)1, batch.Channel);
        Assert.Equal("b1", batch.Queue);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], batch.Items.Select(d => BodyOf(d.Message)));
        Assert.All(batch.Items, d => Assert.Equal(("c", false), (d.ConsumerTag, d.Redelivered)));
        connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Acked, they are gone; a single delivery comes as QueueDeliver.
        QueueRef("b1").Tell(new QueueSettle(ChannelKey(1, 1), batch.Items.Select(d => d.MessageId).ToArray(), SettleKind.Ack));
        Publish("", "b1", "last");
        Assert.Equal("last", BodyOf(connection.ExpectMsg<QueueDeliver>(Long).Message));
        // Closing the channel requeues only the unacked one.
        QueueRef("b1").Tell(new QueueChannelClosed(ChannelKey(1, 1)));
        var get = new QueueGet(TestActor, 2, ChannelKey(1, 2), 1, NoAck: true);
        Assert.Equal("last", BodyOf((await QueueRef("b1").Ask<QueueGetOk>(get, Long)).Message));
        await QueueRef("b1").Ask<QueueGetEmpty>(get, Long);
    }

    [Fact]
    public async Task Acks_free_credit_and_the_next_deliveries_come_in_order()
    {
        await DeclareQueue("b2");
        for (var i = 0; i < 10; i++) Publish("", "b2", "m" + i);
        var connection = CreateTestProbe();
        QueueRef("b2").Tell(BatchedConsume(connection, "c", prefetch: 4), connection);
        connection.ExpectMsg<QueueReply>(Long);

        var bodies = new List<string>();
        while (bodies.Count < 10)
        {
            var got = ExpectDeliveries(connection, Math.Min(4, 10 - bodies.Count));
            bodies.AddRange(got.Select(d => d.Body));
            QueueRef("b2").Tell(new QueueSettle(ChannelKey(1, 1), got.Select(d => d.Id).ToArray(), SettleKind.Ack));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => "m" + i), bodies);
    }

    [Fact]
    public async Task Deliveries_gathered_before_a_cancel_reach_the_connection_before_cancel_ok()
    {
        await DeclareQueue("b3");
        var connection = CreateTestProbe();
        QueueRef("b3").Tell(BatchedConsume(connection, "c"), connection);
        connection.ExpectMsg<QueueReply>(Long);

        for (var i = 0; i < 3; i++) Publish("", "b3", "m" + i);
        QueueRef("b3").Tell(new QueueCancel(ChannelKey(1, 1), "c"), connection);

        var delivered = ExpectDeliveries(connection, 3);
        Assert.Equal(["m0", "m1", "m2"], delivered.Select(d => d.Body));
        Assert.Same(QueueReply.Ok, connection.ExpectMsg<QueueReply>(Long));
        connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
