using Fabric.Actors.Tests.AmqpClient;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport.Amqp;
using Xunit;

namespace Fabric.Actors.Tests.Rpc;

[Trait("Requires", "broker")]
public sealed class AmqpTransportOptionsTests
{
    [Fact]
    public async Task Quorum_queues_are_declared_as_oslo_does_and_work()
    {
        // Durable (quorum) declarations need their own control exchange: "openstack" is transient elsewhere.
        string exchange = TestBroker.UniqueName("ctl");
        string topic = TestBroker.UniqueName("quorum");
        var options = new AmqpRpcTransportOptions
        {
            Connection = TestBroker.Options,
            ControlExchange = exchange,
            QuorumQueues = true,
        };
        try
        {
            await using (var cleanup = new Disposables())
            {
                await CallAndFanoutAsync(cleanup, options, topic);
            }

            // The shared queues really are quorum queues: a classic redeclaration is refused.
            await using var admin = await TestBroker.ConnectAsync();
            var channel = await admin.CreateChannelAsync();
            var error = await Assert.ThrowsAsync<Fabric.Amqp.AmqpProtocolException>(() => channel.QueueDeclareAsync(topic, durable: true));
            Assert.Equal(Fabric.Amqp.ReplyCode.PreconditionFailed, error.ReplyCode);
        }
        finally
        {
            await using var admin = await TestBroker.ConnectAsync();
            var channel = await admin.CreateChannelAsync();
            await channel.QueueDeleteAsync(topic);
            await channel.QueueDeleteAsync(topic + ".q1");
            await channel.ExchangeDeleteAsync(exchange);
        }
    }

    [Fact]
    public async Task HA_arguments_and_cancel_on_failover_consumers_are_accepted_and_work()
    {
        var options = new AmqpRpcTransportOptions { Connection = TestBroker.Options, HaQueues = true, CancelOnHaFailover = true };
        await using var cleanup = new Disposables();
        await CallAndFanoutAsync(cleanup, options, TestBroker.UniqueName("ha"));
    }

    [Fact]
    public async Task Quorum_and_HA_together_are_refused_like_oslo() =>
        await Assert.ThrowsAsync<ArgumentException>(() => AmqpRpcTransport.ConnectAsync(
            new AmqpRpcTransportOptions { Connection = TestBroker.Options, HaQueues = true, QuorumQueues = true }));

    private static async Task CallAndFanoutAsync(Disposables cleanup, AmqpRpcTransportOptions options, string topic)
    {
        var endpoint = new ComputeEndpoint("q1");
        var server = cleanup.Track(new RpcServer(cleanup.Track(await AmqpRpcTransport.ConnectAsync(options)), new Target(Topic: topic, Server: "q1"), [endpoint]));
        await server.StartAsync();
        var client = cleanup.Track(new RpcClient(cleanup.Track(await AmqpRpcTransport.ConnectAsync(options)), new Target(Topic: topic), TimeSpan.FromSeconds(20)));
        Assert.Equal(9, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 4, b = 5 }));
        await client.FanoutCastAsync(RpcContext.Empty, "record", new { item = "f" });
        Assert.Equal("q1:f", await endpoint.Casts.Reader.ReadAsync().AsTask().WaitAsync(TestBroker.Wait));
    }
}
