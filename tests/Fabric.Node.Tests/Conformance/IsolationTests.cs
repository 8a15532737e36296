using Fabric.Node.Tests.Conformance.Raw;
using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>A healthy client keeps publishing and consuming, loss-free and in order, while hostile peers misbehave.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class IsolationTests : ConformanceTest
{
    public IsolationTests(BrokerFixture broker) : base(broker)
    {
    }

    [Fact]
    public async Task Healthy_traffic_is_untouched_by_concurrent_hostile_peers()
    {
        const int messages = 2000;
        var q = Queue("isolation");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var consumerChannel = await Connection.CreateChannelAsync();
        await consumerChannel.BasicQosAsync(0, 100, false);
        var sink = await ConsumeAsync(consumerChannel, q, autoAck: false);

        using var stop = new CancellationTokenSource();
        var hostile = Task.Run(() => HostileLoopAsync(stop.Token));

        var publisher = Task.Run(async () =>
        {
            await using var pub = await NewChannelAsync(confirms: true);
            for (var i = 0; i < messages; i++)
            {
                await pub.BasicPublishAsync("", q, Utf8(i.ToString()));
            }
        });

        var received = new List<int>(messages);
        while (received.Count < messages)
        {
            var d = await sink.ReceiveAsync(TimeSpan.FromSeconds(60));
            received.Add(int.Parse(d.Text));
            if (received.Count % 50 == 0)
            {
                await consumerChannel.BasicAckAsync(d.DeliveryTag, multiple: true);
            }
        }

        await publisher.WaitAsync(Patience);
        await stop.CancelAsync();
        var rounds = await hostile.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(rounds > 0, "no hostile round ran");
        Assert.Equal(Enumerable.Range(0, messages), received);
        Assert.True(Connection.IsOpen);
    }

    /// <summary>Cycles through hostile behaviours until cancelled (bounded to 200 rounds); returns the count.</summary>
    private async Task<int> HostileLoopAsync(CancellationToken stop)
    {
        var rounds = 0;
        while (!stop.IsCancellationRequested && rounds < 200)
        {
            await using var raw = await Broker.ConnectRawAsync();
            switch (rounds % 4)
            {
                case 0:
                    await raw.TrySendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
                    break;
                case 1:
                    await raw.HandshakeAsync(Broker.User, Broker.Password, Broker.VirtualHost);
                    await raw.TrySendAsync(RawFrame.Encode(RawFrame.Method, 0, new byte[] { 9, 9, 9 }, frameEnd: 0));
                    break;
                case 2:
                    await raw.HandshakeAsync(Broker.User, Broker.Password, Broker.VirtualHost);
                    await raw.OpenChannelAsync(1);
                    await raw.TrySendAsync(HostilePeerTests.ContentHeader(1, 10));
                    break;
                default:
                    await raw.TrySendAsync(RawAmqpClient.ProtocolHeader);
                    await raw.TrySendAsync(new byte[] { 1, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF }); // huge frame size
                    break;
            }

            await raw.WaitForDisconnectAsync(TimeSpan.FromSeconds(5));
            rounds++;
        }

        return rounds;
    }

    [Fact]
    public async Task A_closed_connection_does_not_touch_another_connections_messages()
    {
        var q = Queue("isolation-unacked");
        await Channel.QueueDeclareAsync(q, false, false, false);
        for (var i = 0; i < 4; i++)
        {
            await Channel.BasicPublishAsync("", q, Utf8(i.ToString()));
        }

        // the victim holds two unacked deliveries; the other connection is killed by a protocol error
        await using var mine = await Connection.CreateChannelAsync();
        await mine.BasicQosAsync(0, 2, false);
        var sink = await ConsumeAsync(mine, q, autoAck: false);
        var held = await sink.ReceiveAsync(2);

        var other = await NewConnectionAsync();
        await using var otherCh = await other.CreateChannelAsync();
        var r = await otherCh.BasicGetAsync(q, false);
        Assert.NotNull(r);
        await ExpectCloseAsync(503, () => otherCh.ExchangeDeclareAsync(Unique("bad"), "no-such-type"));

        // the killed connection's unacked message returns; ours stay with us and ack fine
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 2));
        await mine.BasicAckAsync(held[1].DeliveryTag, multiple: true);
        Assert.True(mine.IsOpen);
        Assert.Equal(new[] { "0", "1" }, held.Select(d => d.Text));
    }

    [Fact]
    public async Task Random_frames_never_stall_the_broker_for_others()
    {
        // Seeded, bounded fuzzing: each round opens a connection, sends random frames, drops the socket, and a
        // healthy client must still get an answer. Seeds are fixed so a failure reproduces.
        var q = Queue("fuzz-health");
        await Channel.QueueDeclareAsync(q, false, false, false);
        for (var seed = 1; seed <= 40; seed++)
        {
            var random = new Random(seed);
            await using (var raw = await Broker.OpenRawAsync())
            {
                if (random.Next(2) == 0)
                {
                    await raw.OpenChannelAsync(1);
                }

                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    await raw.TrySendAsync(RandomFrame(random));
                }

                // whatever the broker made of it, it must not take long to answer or end this connection
                try
                {
                    await raw.ReadFrameAsync(TimeSpan.FromMilliseconds(200));
                }
                catch (Exception e) when (e is TimeoutException or InvalidDataException)
                {
                }
            }

            await Channel.BasicPublishAsync("", q, Utf8("ping-" + seed));
            Assert.True(await EventuallyAsync(async () => await Channel.BasicGetAsync(q, autoAck: true) is not null),
                $"healthy client got no answer after fuzz seed {seed}");
        }

        Assert.True(Connection.IsOpen);
    }

    private static byte[] RandomFrame(Random random)
    {
        var payload = new byte[random.Next(0, 64)];
        random.NextBytes(payload);
        byte type = random.Next(6) switch
        {
            0 => RawFrame.Method,
            1 => RawFrame.Header,
            2 => RawFrame.Body,
            3 => RawFrame.Heartbeat,
            _ => (byte)random.Next(256),
        };
        if (type == RawFrame.Method && payload.Length >= 4 && random.Next(2) == 0)
        {
            // a known class id makes the broker look deeper into the garbage
            payload[0] = 0;
            payload[1] = (byte)new[] { 10, 20, 40, 50, 60, 85, 90 }[random.Next(7)];
        }

        var frame = RawFrame.Encode(type, (ushort)random.Next(0, 3), payload,
            random.Next(5) == 0 ? (byte)random.Next(256) : RawFrame.FrameEnd);
        if (random.Next(6) == 0)
        {
            frame[3] = (byte)random.Next(256); // lie about the size
        }

        return frame;
    }
}
