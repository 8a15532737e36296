using System.Text;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

using Fabric.TestKit;

/// <summary>
/// The connection's side of the credit flow to no-ack consumers: a no-ack consume asks for the configured credit, and
/// written deliveries are given back to the queue in batches, only once the transport has taken them.
/// </summary>
public sealed class CreditReturnTests : ConnectionTestBase
{
    private static Message Body(int size) => new("", "q", new byte[] { 0, 0 }, Encoding.UTF8.GetBytes(new string('x', size)));

    private async Task<(PipeClient Client, TestProbe Queue, QueueConsume Consume)> ConsumingAsync(bool noAck)
    {
        var queue = CreateTestProbe();
        VirtualHost.AddQueue("q", queue);
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new BasicConsume { Queue = "q", ConsumerTag = "c", NoAck = noAck });
        var consume = await queue.ExpectMsgAsync<QueueConsume>();
        queue.Reply(QueueReply.Ok);
        await client.ExpectMethodAsync<BasicConsumeOk>();
        return (client, queue, consume);
    }

    private static void Deliver(QueueConsume consume, int count, int size, ref long nextId)
    {
        var items = new QueueDelivery[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = new QueueDelivery("c", nextId++, Body(size), false);
        }

        consume.Connection.Tell(new QueueDeliveries(1, "q", items));
    }

    private static async Task ReadAsync(PipeClient client, int deliveries)
    {
        for (int i = 0; i < deliveries; i++)
        {
            await client.ExpectDeliveryAsync();
        }
    }

    [Fact]
    public async Task A_no_ack_consume_asks_for_the_configured_credit_and_a_manual_ack_one_for_none()
    {
        var (_, _, noAck) = await ConsumingAsync(noAck: true);
        Assert.Equal(Broker.Settings.Amqp.ConsumerCredit, noAck.Credit);
        Assert.Equal(400, noAck.Credit);

        var manual = CreateTestProbe();
        VirtualHost.AddQueue("m", manual);
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new BasicConsume { Queue = "m", ConsumerTag = "c" });
        Assert.Equal(0, (await manual.ExpectMsgAsync<QueueConsume>()).Credit);
        manual.Reply(QueueReply.Ok);
        await client.ExpectMethodAsync<BasicConsumeOk>();
    }

    [Fact]
    public async Task Written_deliveries_are_given_back_in_batches_after_their_flush()
    {
        var (_, queue, consume) = await ConsumingAsync(noAck: true);
        long id = 1;

        // Small deliveries: the flush completes at once, and 250 is past the batch of 200.
        Deliver(consume, 250, 10, ref id);
        var returned = await queue.ExpectMsgAsync<QueueCreditReturned>();
        Assert.Equal((consume.ChannelKey, "c", 250), (returned.ChannelKey, returned.ConsumerTag, returned.Written));

        // Less than a batch is kept until more is written.
        Deliver(consume, 120, 10, ref id);
        await queue.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        Deliver(consume, 90, 10, ref id);
        Assert.Equal(210, (await queue.ExpectMsgAsync<QueueCreditReturned>()).Written);
    }

    [Fact]
    public async Task Deliveries_the_client_has_not_read_are_not_given_back()
    {
        var (client, queue, consume) = await ConsumingAsync(noAck: true);
        long id = 1;

        // 300 × 300 bytes is more than the client's pipe takes before its writer pauses: the flush waits.
        Deliver(consume, 300, 300, ref id);
        await queue.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));

        await ReadAsync(client, 300);

        Assert.Equal(300, (await queue.ExpectMsgAsync<QueueCreditReturned>()).Written);
    }

    [Fact]
    public async Task A_cancelled_consumer_gives_nothing_back()
    {
        var (client, queue, consume) = await ConsumingAsync(noAck: true);
        long id = 1;
        Deliver(consume, 150, 10, ref id);
        await ReadAsync(client, 150);

        await client.SendMethodAsync(1, new BasicCancel { ConsumerTag = "c" });
        await queue.ExpectMsgAsync<QueueCancel>();
        queue.Reply(QueueReply.Ok);
        await client.ExpectMethodAsync<BasicCancelOk>();

        // A new consumer with the same tag: the old one's 150 written deliveries do not count for it.
        await client.SendMethodAsync(1, new BasicConsume { Queue = "q", ConsumerTag = "c", NoAck = true });
        consume = await queue.ExpectMsgAsync<QueueConsume>();
        queue.Reply(QueueReply.Ok);
        await client.ExpectMethodAsync<BasicConsumeOk>();
        Deliver(consume, 100, 10, ref id);
        await queue.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        Deliver(consume, 100, 10, ref id);
        Assert.Equal(200, (await queue.ExpectMsgAsync<QueueCreditReturned>()).Written);
    }
}
