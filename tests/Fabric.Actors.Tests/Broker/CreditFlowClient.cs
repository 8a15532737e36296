using System.Buffers;
using System.Text;
using Fabric.Actors.Tests.Connections;
using Fabric.Amqp.Content;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

/// <summary>
/// What the credit-flow tests do with a <see cref="PipeClient"/>: numbered messages of a given size (the first 8
/// bytes are the number), no-ack consumers, passive declares, and reading deliveries back as numbers.
/// </summary>
internal static class CreditFlowClient
{
    public const ushort Channel = 1;
    private const uint FrameMax = 131072;

    public static async Task<PipeClient> OpenAsync(IBroker broker)
    {
        var client = new PipeClient(broker);
        await client.HandshakeAsync(frameMax: FrameMax);
        await client.OpenChannelAsync(Channel);
        return client;
    }

    public static async Task ConsumeNoAckAsync(PipeClient client, string queue, string tag)
    {
        await client.SendMethodAsync(Channel, new BasicConsume { Queue = queue, ConsumerTag = tag, NoAck = true });
        Assert.Equal(tag, (await client.ExpectMethodAsync<BasicConsumeOk>()).ConsumerTag);
    }

    /// <summary>Publishes numbers [from, to) to the queue through the default exchange, one flush per batch.</summary>
    public static async Task PublishAsync(PipeClient client, string queue, int from, int to, int size,
        string? expiration = null)
    {
        var properties = new BasicProperties { Expiration = expiration }.ToArray();
        var body = new byte[size];
        var output = new ArrayBufferWriter<byte>();
        for (var i = from; i < to; i++)
        {
            Encoding.ASCII.GetBytes(i.ToString("D8"), body);
            FrameWriter.WriteMethod(output, Channel, new BasicPublish { RoutingKey = queue });
            FrameWriter.WriteContent(output, Channel, BasicPublish.ClassIndex, properties, body, FrameMax);
            if (output.WrittenCount < 256 * 1024 && i + 1 < to) continue;
            await client.SendAsync(output.WrittenSpan.ToArray());
            output.Clear();
        }
    }

    /// <summary>The ready count by a passive declare on this client's channel (its earlier publishes are queued).</summary>
    public static async Task<uint> ReadyAsync(PipeClient client, string queue) =>
        (await DeclarePassiveAsync(client, queue)).MessageCount;

    public static async Task<uint> ConsumersAsync(PipeClient client, string queue) =>
        (await DeclarePassiveAsync(client, queue)).ConsumerCount;

    private static async Task<QueueDeclareOk> DeclarePassiveAsync(PipeClient client, string queue)
    {
        await client.SendMethodAsync(Channel, new QueueDeclare { Queue = queue, Passive = true });
        return await client.ExpectMethodAsync<QueueDeclareOk>();
    }

    /// <summary>The number carried by the next delivery.</summary>
    public static async Task<int> NextAsync(PipeClient client)
    {
        await client.ExpectMethodAsync<BasicDeliver>(TimeSpan.FromSeconds(30));
        var header = await client.ReadFrameAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(FrameType.Header, header!.Type);
        var body = await client.ReadFrameAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(FrameType.Body, body!.Type);
        return int.Parse(Encoding.ASCII.GetString(body.Payload, 0, 8));
    }

    /// <summary>Reads deliveries until <paramref name="last"/> arrives; returns all numbers read, in order.</summary>
    public static async Task<List<int>> ReadUntilAsync(PipeClient client, int last)
    {
        var numbers = new List<int>();
        while (true)
        {
            var n = await NextAsync(client);
            numbers.Add(n);
            if (n == last) return numbers;
        }
    }
}
