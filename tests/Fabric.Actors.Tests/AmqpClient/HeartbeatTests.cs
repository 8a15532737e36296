using Fabric.Amqp.Client;
using Xunit;

namespace Fabric.Actors.Tests.AmqpClient;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task A_silent_broker_is_detected_as_dead_and_our_heartbeats_keep_flowing()
    {
        await using var broker = new SilentBroker();
        var connection = await AmqpConnection.ConnectAsync(new AmqpConnectionOptions { Host = "127.0.0.1", Port = broker.Port });
        Assert.Equal(TimeSpan.FromSeconds(1), connection.Heartbeat);

        // Two missed heartbeat intervals and a tick later the connection must be declared lost.
        var reason = await connection.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        var lost = Assert.IsType<AmqpConnectionLostException>(reason);
        Assert.Contains("heartbeat", lost.Message, StringComparison.Ordinal);
        Assert.False(connection.IsOpen);
        Assert.True(broker.HeartbeatsReceived >= 1, $"heartbeats received: {broker.HeartbeatsReceived}");
    }

    [Fact]
    [Trait("Requires", "broker")]
    public async Task Heartbeats_keep_an_idle_connection_to_a_real_broker_open()
    {
        await using var connection = await AmqpConnection.ConnectAsync(TestBroker.Options with { Heartbeat = TimeSpan.FromSeconds(1) });
        Assert.Equal(TimeSpan.FromSeconds(1), connection.Heartbeat);
        var ended = await Task.WhenAny(connection.Completion, Task.Delay(TimeSpan.FromSeconds(4)));
        Assert.NotSame(connection.Completion, ended);
        var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(exclusive: true);
    }
}
