using System.Buffers;
using System.Text;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

using Fabric.TestKit;

/// <summary>The consumer side of the hot path: batched deliveries in, consecutive delivery tags out, and the acks
/// of one read going back to the queue as one settle.</summary>
public sealed class DeliveryBatchTests : ConnectionTestBase
{
    private static Message Text(string body) => new("", "q", new byte[] { 0, 0 }, Encoding.UTF8.GetBytes(body));

    private async Task<(PipeClient Client, TestProbe Queue, QueueConsume Consume)> ConsumingAsync()
    {
        var queue = CreateTestProbe();
        VirtualHost.AddQueue("q", queue);
        var client = await OpenAsync();
        await client.OpenChannelAsync(1);
        await client.SendMethodAsync(1, new BasicConsume { Queue = "q", ConsumerTag = "c" });
        var consume = await queue.ExpectMsgAsync<QueueConsume>();
        queue.Reply(QueueReply.Ok);
        await client.ExpectMethodAsync<BasicConsumeOk>();
        return (client, queue, consume);
    }

    [Fact]
    public async Task A_batch_of_deliveries_gets_consecutive_tags_and_the_acks_of_one_read_are_one_settle()
    {
        var (client, queue, consume) = await ConsumingAsync();
        Assert.True(consume.Batched);
        consume.Connection.Tell(new QueueDeliveries(1, "q",
        [
            new QueueDelivery("c", 10, Text("a"), false),
            new QueueDelivery("c", 11, Text("b"), true),
            new QueueDelivery("gone", 12, Text("x"), false), // a consumer the channel no longer has: skipped
            new QueueDelivery("c", 13, Text("c"), false),
        ]));

        var delivered = new List<(ulong, string, bool)>();
        for (int i = 0; i < 3; i++)
        {
            var (deliver, body) = await client.ExpectDeliveryAsync();
            delivered.Add((deliver.DeliveryTag, body, deliver.Redelivered));
        }

        Assert.Equal([(1ul, "a", false), (2ul, "b", true), (3ul, "c", false)], delivered);

        // Three acks (out of order) in one write: one QueueSettle with the three ids.
        var acks = new ArrayBufferWriter<byte>();
        FrameWriter.WriteMethod(acks, 1, new BasicAck { DeliveryTag = 2 });
        FrameWriter.WriteMethod(acks, 1, new BasicAck { DeliveryTag = 1 });
        FrameWriter.WriteMethod(acks, 1, new BasicAck { DeliveryTag = 3 });
        await client.SendAsync(acks.WrittenSpan.ToArray());
        var settle = await queue.ExpectMsgAsync<QueueSettle>();
        Assert.Equal(SettleKind.Ack, settle.Kind);
        Assert.Equal(new long[] { 11, 10, 13 }, settle.MessageIds);
        await queue.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        // The tags are settled: acking one again is 406 on the channel.
        await client.SendMethodAsync(1, new BasicAck { DeliveryTag = 2 });
        Assert.Equal(406, (await client.ExpectMethodAsync<ChannelClose>()).ReplyCode);
    }

    [Fact]
    public async Task A_multiple_ack_settles_everything_up_to_its_tag_and_no_more()
    {
        var (client, queue, consume) = await ConsumingAsync();
        var items = new QueueDelivery[6];
        for (int i = 0; i < items.Length; i++) items[i] = new QueueDelivery("c", 100 + i, Text("m" + i), false);
        consume.Connection.Tell(new QueueDeliveries(1, "q", items));
        for (int i = 0; i < items.Length; i++) await client.ExpectDeliveryAsync();

        var acks = new ArrayBufferWriter<byte>();
        FrameWriter.WriteMethod(acks, 1, new BasicAck { DeliveryTag = 2 });
        FrameWriter.WriteMethod(acks, 1, new BasicAck { DeliveryTag = 4, Multiple = true });
        await client.SendAsync(acks.WrittenSpan.ToArray());
        Assert.Equal(new long[] { 101, 100, 102, 103 }, (await queue.ExpectMsgAsync<QueueSettle>()).MessageIds);

        await client.SendMethodAsync(1, new BasicNack { DeliveryTag = 0, Multiple = true, Requeue = true });
        var rest = await queue.ExpectMsgAsync<QueueSettle>();
        Assert.Equal(SettleKind.Requeue, rest.Kind);
        Assert.Equal(new long[] { 104, 105 }, rest.MessageIds);
    }
}
