using System.Text;
using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Host;

/// <summary>What a node that is killed (SIGKILL, no shutdown) keeps: confirmed persistent messages in durable queues.</summary>
/// <remarks>Needs the durable broker (branch durable): persistence of queues and messages.</remarks>
[Trait("Needs", "Durability")]
public sealed class DurabilityTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "fabric-durability-" + Guid.NewGuid().ToString("N"));

    private NodeProcess Start(int? port = null) =>
        NodeProcess.Start(new NodeProcessOptions { DataDirectory = _dataDirectory, Port = port });

    private static Task<IConnection> ConnectAsync(NodeProcess node) =>
        new ConnectionFactory { HostName = "127.0.0.1", Port = node.Port, AutomaticRecoveryEnabled = false }.CreateConnectionAsync();

    [Fact]
    public async Task Confirmed_persistent_messages_survive_a_kill()
    {
        int port;
        await using (var node = Start())
        {
            await node.WaitUntilListeningAsync(Patience);
            port = node.Port;
            await using var connection = await ConnectAsync(node);
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            await channel.QueueDeclareAsync("kept", durable: true, exclusive: false, autoDelete: false);
            await channel.QueueDeclareAsync("lost", durable: false, exclusive: false, autoDelete: false);
            var persistent = new BasicProperties { Persistent = true };
            for (int i = 0; i < 50; i++)
            {
                await channel.BasicPublishAsync("", "kept", true, persistent, Encoding.UTF8.GetBytes("m" + i));
            }

            await channel.BasicPublishAsync("", "kept", true, new BasicProperties { Persistent = false }, "transient"u8.ToArray());
            await channel.BasicPublishAsync("", "lost", true, persistent, "in a transient queue"u8.ToArray());
            node.Kill();
            await node.WaitForExitAsync(Patience);
        }

        await using var again = Start(port);
        await again.WaitUntilListeningAsync(Patience);
        await using var after = await ConnectAsync(again);
        await using var check = await after.CreateChannelAsync();
        for (int i = 0; i < 50; i++)
        {
            var got = await check.BasicGetAsync("kept", autoAck: true);
            Assert.NotNull(got);
            Assert.Equal("m" + i, Encoding.UTF8.GetString(got!.Body.Span));
        }

        Assert.Null(await check.BasicGetAsync("kept", autoAck: true));
        await Assert.ThrowsAnyAsync<Exception>(() => check.QueueDeclarePassiveAsync("lost"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
