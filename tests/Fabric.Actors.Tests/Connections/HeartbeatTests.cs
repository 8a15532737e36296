using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

/// <summary>Heartbeats at 1 s and a 3 s handshake timeout.</summary>
public sealed class HeartbeatTests() : ConnectionTestBase(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))
{
    [Fact]
    public async Task Handshake_not_finished_in_time_closes_the_socket()
    {
        var client = Connect();
        await client.SendHeaderAsync();
        await client.ExpectMethodAsync<ConnectionStart>();
        Assert.True(await client.WaitForEndAsync(TimeSpan.FromSeconds(20)));
        await client.Server.WaitAsync(PipeClient.Patience);
    }

    [Fact]
    public async Task No_protocol_header_in_time_closes_the_socket()
    {
        var client = Connect();
        Assert.True(await client.WaitForEndAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Server_sends_heartbeats_when_idle()
    {
        var client = await OpenAsync(heartbeat: 1);
        var frame = await client.ReadFrameAsync();
        Assert.Equal(FrameType.Heartbeat, frame!.Type);
    }

    [Fact]
    public async Task Silent_peer_is_disconnected_after_two_intervals()
    {
        var client = await OpenAsync(heartbeat: 1);
        Assert.True(await client.WaitForEndAsync(TimeSpan.FromSeconds(15)));
        await client.Server.WaitAsync(PipeClient.Patience);
    }

    [Fact]
    public async Task Peer_sending_heartbeats_stays_connected()
    {
        var client = await OpenAsync(heartbeat: 1);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(3.5);
        while (DateTime.UtcNow < until)
        {
            await client.SendHeartbeatAsync();
            var frame = await client.ReadFrameAsync();
            Assert.Equal(FrameType.Heartbeat, frame!.Type);
        }

        await client.OpenChannelAsync(1);
    }

    [Fact]
    public async Task Heartbeat_zero_disables_them()
    {
        var client = await OpenAsync(heartbeat: 0);
        await Assert.ThrowsAsync<TimeoutException>(() => client.ReadFrameAsync(TimeSpan.FromSeconds(2.5)));
        await client.OpenChannelAsync(1);
    }
}
