using Fabric.Node.Tests.Conformance.Raw;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>channel.open/close both ways, and what a closed channel means.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class ChannelTests : ConformanceTest
{
    public ChannelTests(BrokerFixture broker) : base(broker)
    {
    }

    [Fact]
    public async Task Many_channels_open_and_close_on_one_connection()
    {
        var channels = new List<IChannel>();
        for (var i = 0; i < 50; i++)
        {
            channels.Add(await Connection.CreateChannelAsync());
        }

        Assert.Equal(50, channels.Select(c => c.ChannelNumber).Distinct().Count());
        foreach (var c in channels)
        {
            await c.CloseAsync();
            c.Dispose();
        }

        Assert.True(Connection.IsOpen);
    }

    [Fact]
    public async Task Client_close_is_acknowledged_and_the_channel_number_can_be_reused()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        await raw.SendMethodAsync(1, 20, 40, new WireWriter().Short(200).ShortStr("done").Short(0).Short(0));
        await raw.ExpectMethodAsync(20, 41);
        await raw.OpenChannelAsync(1);
    }

    [Fact]
    public async Task Server_close_of_a_channel_expects_close_ok_and_then_allows_reopen()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        var close = await FailChannelWith404Async(raw);
        var (code, _) = close.CloseReason();
        Assert.Equal(404, code);
        Assert.Equal((50, 10), ClassAndMethodOf(close)); // the close names the failing method
        await raw.SendMethodAsync(1, 20, 41);
        await raw.OpenChannelAsync(1);
    }

    [Fact]
    public async Task Methods_after_channel_close_but_before_close_ok_are_ignored()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        await FailChannelWith404Async(raw);
        // the client has not seen the close yet and keeps talking: dropped, not a connection error
        await raw.SendMethodAsync(1, 50, 10, HostilePeerTests.QueueDeclare("", exclusive: true));
        await raw.SendMethodAsync(1, 20, 41);
        await raw.OpenChannelAsync(2);
    }

    [Fact]
    public async Task Using_a_channel_closed_by_the_server_throws_already_closed()
    {
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(404, () => ch.QueueDeclarePassiveAsync(Unique("missing")));
        var error = await Assert.ThrowsAsync<AlreadyClosedException>(() => ch.QueueDeclareAsync("", false, true, true));
        Assert.Equal(404, error.ShutdownReason!.ReplyCode);
    }

    /// <summary>Passive declare of a missing queue on channel 1; returns the broker's channel.close.</summary>
    private static async Task<RawFrame> FailChannelWith404Async(RawAmqpClient raw)
    {
        await raw.SendMethodAsync(1, 50, 10, new WireWriter().Short(0).ShortStr("conf-missing-" + Guid.NewGuid().ToString("N"))
            .Bits(true, false, false, false, false).EmptyTable());
        return await raw.ExpectMethodAsync(20, 40);
    }

    private static (int, int) ClassAndMethodOf(RawFrame close)
    {
        // channel.close: class, method, reply-code, reply-text, failing class-id, failing method-id
        var offset = 7 + close.Payload[6];
        return ((close.Payload[offset] << 8) | close.Payload[offset + 1], (close.Payload[offset + 2] << 8) | close.Payload[offset + 3]);
    }
}
