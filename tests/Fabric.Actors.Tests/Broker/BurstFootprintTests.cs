using Fabric.Actors.Tests.Connections;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Broker;

/// <summary>
/// After a burst has gone through, a queue and a connection give back what they grew for it: once idle, the managed
/// memory they hold returns near what they held idle before the burst.
/// </summary>
[Collection(FootprintCollection.Name)]
public sealed class BurstFootprintTests(ITestOutputHelper output) : BrokerTestBase
{
    private const string Queue = "burst";
    private const ushort Channel = 1;

    [Fact]
    public async Task A_burst_of_100k_messages_leaves_no_peak_sized_buffers_behind_once_idle()
    {
        await using var client = new PipeClient(Broker);
        await client.HandshakeAsync();
        await client.OpenChannelAsync(Channel);
        await client.SelectConfirmsAsync(Channel);
        await DeclareQueue(Queue);

        ulong published = 0, delivered = 0;
        (published, delivered) = await BurstAsync(client, 1_000, published, delivered); // warms JIT and pools
        var idle = await IdleHeldAsync(client);
        (published, delivered) = await BurstAsync(client, 100_000, published, delivered);
        var afterBurst = await IdleHeldAsync(client);

        // Without the sweep's trims a 100k burst leaves ~27 MB behind (ready ring, unacked tables, held deliveries,
        // confirm slots). What stays is mostly outside the broker's types: an actor mailbox's lock-free queue keeps
        // its largest segment (~1.5 MB for the connection's 100k deliveries).
        output.WriteLine($"idle before the burst {idle / 1024} KB, after it {afterBurst / 1024} KB");
        Assert.True(afterBurst - idle < 4 * 1024 * 1024, $"{(afterBurst - idle) / 1024} KB more held after the burst");
    }

    /// <summary>
    /// Publishes <paramref name="count"/> messages with confirms while nothing consumes (the queue's ready ring and the
    /// channel's confirm ring fill), then consumes them all unacked with no prefetch limit (the queue's and the
    /// channel's unacked tables fill) and acks them with one multiple ack.
    /// </summary>
    private async Task<(ulong Published, ulong Delivered)> BurstAsync(PipeClient client, int count, ulong published, ulong delivered)
    {
        // The confirms are read while publishing, as a real client does: unread, they would fill the pipe to the
        // client, the broker's flush would wait for it, and the publishes would wait for the broker.
        var confirmed = ReadConfirmsAsync(client, published + (ulong)count);
        for (var i = 0; i < count; i++) await client.PublishAsync(Channel, "", Queue, "m");
        published += (ulong)count;
        await confirmed;

        await client.SendMethodAsync(Channel, new BasicConsume { Queue = Queue, ConsumerTag = "c" });
        await client.ExpectMethodAsync<BasicConsumeOk>();
        var target = delivered + (ulong)count;
        while (delivered < target)
        {
            var frame = await client.ReadFrameAsync() ?? throw new InvalidOperationException("the connection ended");
            if (frame.Type == FrameType.Method && frame.Method is BasicDeliver deliver) delivered = deliver.DeliveryTag;
        }

        await client.SendMethodAsync(Channel, new BasicAck { DeliveryTag = delivered, Multiple = true });
        await client.SendMethodAsync(Channel, new BasicCancel { ConsumerTag = "c" });
        while (await client.ReadFrameAsync() is { } frame && !(frame.Type == FrameType.Method && frame.Method is BasicCancelOk))
        {
            // the last delivery's header and body
        }

        return (published, delivered);
    }

    private static async Task ReadConfirmsAsync(PipeClient client, ulong last)
    {
        await Task.Yield(); // the publishes start at once; this reads beside them
        ulong confirmed = 0;
        while (confirmed < last)
        {
            var ack = await client.ExpectMethodAsync<BasicAck>(TimeSpan.FromSeconds(60));
            confirmed = ack.DeliveryTag;
        }
    }

    /// <summary>Runs the broker's idle sweep, waits until the queue and the connection have handled it (a reply from
    /// each, told after it), then measures the managed heap.</summary>
    private async Task<long> IdleHeldAsync(PipeClient client)
    {
        Broker.SweepIdle();
        await VHost.QueueDeclare(new QueueDeclare { Queue = Queue, Passive = true }, Session());
        await client.SendMethodAsync(Channel, new BasicQos { PrefetchCount = 0 });
        await client.ExpectMethodAsync<BasicQosOk>();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
