using Fabric.Actors.Tests.AmqpClient;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport.Amqp;
using Xunit;

namespace Fabric.Actors.Tests.Rpc;

/// <summary>
/// The AMQP transport through a TCP relay that cuts every connection, as a network failure or broker restart would:
/// it reconnects, re-declares, and calls (with their reply routing) work again; calls while the broker is away
/// wait for it within their timeout, or time out.
/// </summary>
[Trait("Requires", "broker")]
public sealed class ReconnectTests : IAsyncLifetime
{
    private readonly Disposables _cleanup = new();
    private TcpProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = _cleanup.Track(new TcpProxy(TestBroker.Options.Host, TestBroker.Options.Port));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cleanup.DisposeAsync();

    [Fact]
    public async Task Calls_work_again_after_every_connection_is_cut()
    {
        var (client, clientTransport, serverTransport, _) = await ClientAndServerAsync();
        Assert.Equal(3, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 1, b = 2 }));
        string replyQueue = client.ReplyQueue;

        var clientBack = Reconnected(clientTransport);
        var serverBack = Reconnected(serverTransport);
        _proxy.DropAll();
        await Task.WhenAll(clientBack, serverBack).WaitAsync(TestBroker.Wait);

        Assert.Equal(7, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 3, b = 4 }));
        Assert.Equal(replyQueue, client.ReplyQueue);
        Assert.Equal(1, clientTransport.ReconnectCount);
        Assert.Equal(1, serverTransport.ReconnectCount);
    }

    [Fact]
    public async Task A_call_made_while_the_broker_is_away_completes_once_it_is_back()
    {
        var (client, clientTransport, serverTransport, topic) = await ClientAndServerAsync();
        Assert.Equal(3, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 1, b = 2 }));

        var clientBack = Reconnected(clientTransport);
        var serverBack = Reconnected(serverTransport);
        _proxy.RefuseNew = true;
        _proxy.DropAll();
        await WaitUntilAsync(() => clientTransport.CurrentConnection is null);

        // As after a broker restart, the transient queues are gone: the transports must declare them again.
        await using (var admin = await TestBroker.ConnectAsync())
        {
            var channel = await admin.CreateChannelAsync();
            foreach (var queue in new[] { topic, topic + ".s1", client.ReplyQueue })
            {
                await channel.QueueDeleteAsync(queue);
            }
        }
        var call = client.CallAsync<int>(RpcContext.Empty, "add", new { a = 20, b = 22 }, TimeSpan.FromSeconds(30));
        int refusedAt = _proxy.Accepted;
        _proxy.RefuseNew = false;

        Assert.Equal(42, await call.WaitAsync(TestBroker.Wait));
        await Task.WhenAll(clientBack, serverBack).WaitAsync(TestBroker.Wait);
        Assert.True(_proxy.Accepted > refusedAt);
    }

    [Fact]
    public async Task A_listener_whose_queue_is_deleted_declares_it_again()
    {
        var (client, _, _, topic) = await ClientAndServerAsync();
        Assert.Equal(3, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 1, b = 2 }));
        await using (var admin = await TestBroker.ConnectAsync())
        {
            var channel = await admin.CreateChannelAsync();
            await channel.QueueDeleteAsync(topic);
            await channel.QueueDeleteAsync(client.ReplyQueue);
        }

        // The broker cancels the consumers; the listeners declare and consume again on the same connection.
        var deadline = DateTime.UtcNow + TestBroker.Wait;
        while (true)
        {
            try
            {
                Assert.Equal(11, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 5, b = 6 }, TimeSpan.FromSeconds(2)));
                break;
            }
            catch (MessagingTimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Published before the queue was back: try again.
            }
        }
    }

    [Fact]
    public async Task Pending_calls_time_out_while_the_broker_stays_away()
    {
        var (client, clientTransport, _, _) = await ClientAndServerAsync();
        Assert.Equal(3, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 1, b = 2 }));
        _proxy.RefuseNew = true;
        _proxy.DropAll();
        await WaitUntilAsync(() => clientTransport.CurrentConnection is null);

        var calls = new Task<int>[5];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = client.CallAsync<int>(RpcContext.Empty, "add", new { a = i, b = 0 }, TimeSpan.FromMilliseconds(700));
        }

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<MessagingTimeoutException>(() => call.WaitAsync(TestBroker.Wait));
        }

        Assert.Equal(0, client.PendingCalls);
    }

    private async Task<(RpcClient Client, AmqpRpcTransport ClientTransport, AmqpRpcTransport ServerTransport, string Topic)> ClientAndServerAsync()
    {
        var options = new AmqpRpcTransportOptions
        {
            Connection = TestBroker.Options with { Port = _proxy.Port, Host = "127.0.0.1" },
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        string topic = TestBroker.UniqueName("reconnect");

        // The server comes back well before the client, so its queues exist again when the client publishes
        // (a publish to a topic with no queue bound is dropped, as on any AMQP broker).
        var serverTransport = _cleanup.Track(await AmqpRpcTransport.ConnectAsync(options));
        options = options with { ReconnectInitialDelay = TimeSpan.FromSeconds(2), ReconnectMaxDelay = TimeSpan.FromSeconds(2) };
        var server = _cleanup.Track(new RpcServer(serverTransport, new Target(Topic: topic, Server: "s1"), [new ComputeEndpoint("s1")]));
        await server.StartAsync();
        var clientTransport = _cleanup.Track(await AmqpRpcTransport.ConnectAsync(options));
        var client = _cleanup.Track(new RpcClient(clientTransport, new Target(Topic: topic), TimeSpan.FromSeconds(20)));
        return (client, clientTransport, serverTransport, topic);
    }

    private static Task Reconnected(AmqpRpcTransport transport)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.Reconnected += _ => done.TrySetResult();
        return done.Task;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestBroker.Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
