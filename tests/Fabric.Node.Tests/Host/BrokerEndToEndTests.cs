using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit;

namespace Fabric.Node.Tests.Host;

/// <summary>The built node with its broker, driven by RabbitMQ.Client over TCP.</summary>
public sealed class BrokerEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static ConnectionFactory Factory(NodeProcess node) => new()
    {
        HostName = "127.0.0.1",
        Port = node.Port,
        AutomaticRecoveryEnabled = false,
    };

    [Fact]
    public async Task Publishes_with_confirms_are_consumed_in_order()
    {
        await using var node = NodeProcess.Start();
        await node.WaitUntilListeningAsync();
        await using var connection = await Factory(node).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        for (int i = 0; i < 200; i++)
        {
            await channel.BasicPublishAsync("", queue, Encoding.UTF8.GetBytes("m" + i));
        }

        var received = new List<string>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, e) =>
        {
            received.Add(Encoding.UTF8.GetString(e.Body.Span));
            await channel.BasicAckAsync(e.DeliveryTag, multiple: false);
            if (received.Count == 200)
            {
                all.TrySetResult();
            }
        };
        await channel.BasicQosAsync(0, 50, false);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        await all.Task.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => "m" + i), received);
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(queue)).MessageCount);
    }

    [Fact]
    public async Task Stopping_the_node_closes_client_connections_with_320()
    {
        await using var node = NodeProcess.Start();
        await node.WaitUntilListeningAsync();
        await using var connection = await Factory(node).CreateConnectionAsync();
        var shutdown = new TaskCompletionSource<ShutdownEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, e) =>
        {
            shutdown.TrySetResult(e);
            return Task.CompletedTask;
        };
        Assert.Equal(0, await node.StopAsync(Patience));
        var reason = await shutdown.Task.WaitAsync(Patience);
        Assert.Equal(320, reason.ReplyCode);
        Assert.Contains("CONNECTION_FORCED", reason.ReplyText);
    }
}
