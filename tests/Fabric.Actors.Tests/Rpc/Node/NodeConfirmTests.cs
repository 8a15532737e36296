using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Configuration;
using Fabric.Rpc.Transport.Node;
using Xunit;

namespace Fabric.Actors.Tests.Rpc.Node;

/// <summary>Publishes waiting for confirms end when their queue goes, as RabbitMQ's (the message is dropped, confirmed).</summary>
public sealed class NodeConfirmTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_publish_reaching_a_durable_queue_that_has_stopped_is_confirmed()
    {
        await using var node = await TestNode.StartAsync();
        var vhost = node.Broker.FindVirtualHost("/")!;
        var admin = new SessionInfo(node.Broker.NextConnectionId(), new BrokerUser("guest", []), "/", ActorRefs.Nobody);
        await vhost.QueueDeclare(new QueueDeclare { Queue = "doomed", Durable = true }, admin);
        var queue = vhost.FindQueue("doomed")!;
        await using var transport = node.CreateTransport(new NodeRpcTransportOptions { DurableQueues = true });

        // The publish looked the queue up just before it was deleted and its actor stopped (after its linger).
        await vhost.QueueDelete(new QueueDelete { Queue = "doomed" }, admin);
        using (var deadline = new CancellationTokenSource(Wait))
        {
            while (!ActorRefs.Resolve(queue.Actor)!.IsTerminated)
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        // No token: without the watch on the queue it would wait forever.
        await transport.PublishToQueueAsync(queue, "{}"u8.ToArray(), CancellationToken.None).WaitAsync(Wait);
    }

    [Fact]
    public async Task Casts_to_a_durable_queue_deleted_and_declared_again_meanwhile_all_complete()
    {
        string directory = Directory.CreateTempSubdirectory("rpc-node-confirm.").FullName;
        try
        {
            var settings = FabricSettings.Default;
            settings = settings with { Persistence = settings.Persistence with { Sqlite = new SqliteSettings(Path.Combine(directory, "fabric.db")) } };
            await using var node = await TestNode.StartAsync(settings, persistent: true);
            var vhost = node.Broker.FindVirtualHost("/")!;
            var admin = new SessionInfo(node.Broker.NextConnectionId(), new BrokerUser("guest", []), "/", ActorRefs.Nobody);
            await using var transport = node.CreateTransport(new NodeRpcTransportOptions { DurableQueues = true });
            await transport.NotifySendAsync("churn", "churn.info", "{}"u8.ToArray());
            Assert.True(vhost.FindQueue("churn.info")!.Durable);
            var declare = new QueueDeclare { Queue = "churn.info", Durable = true };
            var bind = new QueueBind { Queue = "churn.info", Exchange = "churn", RoutingKey = "churn.info" };

            using var stop = new CancellationTokenSource();
            var publishers = new List<Task<int>>();
            for (int p = 0; p < 4; p++)
            {
                publishers.Add(Task.Run(async () =>
                {
                    int sent = 0;
                    while (!stop.IsCancellationRequested)
                    {
                        // No token: each must complete, whether the queue took the message or went first.
                        await transport.TopicSendAsync("churn", "churn.info", "{}"u8.ToArray(), null);
                        sent++;
                    }

                    return sent;
                }));
            }

            for (int i = 0; i < 30; i++)
            {
                await Task.Delay(10);
                await vhost.QueueDelete(new QueueDelete { Queue = "churn.info" }, admin);
                await vhost.QueueDeclare(declare, admin);
                await vhost.QueueBind(bind, admin);
            }

            stop.Cancel();
            int[] counts = await Task.WhenAll(publishers).WaitAsync(Wait);
            Assert.All(counts, n => Assert.True(n > 0));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
