using Fabric.Actors.Tests.Rpc.Interop;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Notifications;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport;
using Fabric.Rpc.Transport.Amqp;
using Xunit;

namespace Fabric.Actors.Tests.Rpc.Node;

/// <summary>
/// Services inside a node (<see cref="Fabric.Rpc.Transport.Node.NodeRpcTransport"/>) and AMQP clients of the same
/// node (our <see cref="AmqpRpcTransport"/> over TCP, and Python oslo.messaging) call each other both ways.
/// </summary>
public sealed class NodeInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PeerWait = TimeSpan.FromSeconds(90);
    private readonly Disposables _cleanup = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = _cleanup.Track(await TestNode.StartAsync()).Listen();

    public async Task DisposeAsync() => await _cleanup.DisposeAsync();

    [Fact]
    public async Task Amqp_client_calls_in_node_servers()
    {
        string topic = UniqueTopic();
        var (a, b) = await ServersAsync(topic, _node.CreateTransport(), _node.CreateTransport());
        var client = Track(new RpcClient(await AmqpTransportAsync(), new Target(Topic: topic), TimeSpan.FromSeconds(20)));
        await CallChecksAsync(client, a, b);
    }

    [Fact]
    public async Task In_node_client_calls_Amqp_servers()
    {
        string topic = UniqueTopic();
        var (a, b) = await ServersAsync(topic, await AmqpTransportAsync(), await AmqpTransportAsync());
        var client = Track(new RpcClient(Track(_node.CreateTransport()), new Target(Topic: topic), TimeSpan.FromSeconds(20)));
        await CallChecksAsync(client, a, b);
    }

    [Fact]
    public async Task In_node_and_Amqp_servers_share_a_topic()
    {
        // The same declarations from both sides (a different flag or argument would be refused with 406), one shared
        // topic queue, each its own server queue and fanout queue.
        string topic = UniqueTopic();
        var (a, b) = await ServersAsync(topic, _node.CreateTransport(), await AmqpTransportAsync());
        foreach (var transport in new IRpcTransport[] { Track(_node.CreateTransport()), await AmqpTransportAsync() })
        {
            var client = Track(new RpcClient(transport, new Target(Topic: topic), TimeSpan.FromSeconds(20)));
            await CallChecksAsync(client, a, b);
        }
    }

    [Fact]
    public async Task Notifications_cross_between_in_node_and_Amqp()
    {
        string topic = UniqueTopic();
        var fromNode = System.Threading.Channels.Channel.CreateUnbounded<Notification>();
        var listener = Track(new NotificationListener(
            await AmqpTransportAsync(),
            [new Target(Topic: topic)],
            (n, _) =>
            {
                fromNode.Writer.TryWrite(n);
                return ValueTask.CompletedTask;
            }));
        await listener.StartAsync();
        await new Notifier(Track(_node.CreateTransport()), "node.host", [topic]).InfoAsync(RpcContext.Empty, "e.node", new { n = 1 });
        var received = await fromNode.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(("node.host", "e.node", 1), (received.PublisherId, received.EventType, received.Payload.GetProperty("n").GetInt32()));

        string other = UniqueTopic();
        var fromAmqp = System.Threading.Channels.Channel.CreateUnbounded<Notification>();
        var nodeListener = Track(new NotificationListener(
            Track(_node.CreateTransport()),
            [new Target(Topic: other)],
            (n, _) =>
            {
                fromAmqp.Writer.TryWrite(n);
                return ValueTask.CompletedTask;
            }));
        await nodeListener.StartAsync();
        await new Notifier(await AmqpTransportAsync(), "tcp.host", [other]).ErrorAsync(RpcContext.Empty, "e.tcp", new { n = 2 });
        received = await fromAmqp.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(("tcp.host", "ERROR", 2), (received.PublisherId, received.Priority, received.Payload.GetProperty("n").GetInt32()));
    }

    [Fact]
    [Trait("Requires", "python")]
    public async Task Python_oslo_client_calls_in_node_servers()
    {
        string topic = UniqueTopic();
        var (a, b) = await ServersAsync(topic, _node.CreateTransport(), _node.CreateTransport());
        var peer = Track(PythonPeer.Start("client", "--url", _node.Url, "--topic", topic, "--servers", "a,b"));
        Assert.True(await peer.WaitForExitAsync(PeerWait) == 0, peer.Output);
        Assert.Contains("OK remote-error InvalidOperationException", peer.Output, StringComparison.Ordinal);
        Assert.Contains("OK timeout", peer.Output, StringComparison.Ordinal);
        Assert.Contains("OK call-monitor", peer.Output, StringComparison.Ordinal);
        Assert.Contains("DONE", peer.Output, StringComparison.Ordinal);

        var (seenA, seenB) = await OsloInteropTests.CollectCastsAsync(a, b, total: 4);
        Assert.Contains("a:py-fanout", seenA);
        Assert.Contains("a:py-targeted", seenA);
        Assert.Contains("b:py-fanout", seenB);
        Assert.DoesNotContain("b:py-targeted", seenB);
    }

    [Fact]
    [Trait("Requires", "python")]
    public async Task In_node_client_calls_Python_oslo_servers()
    {
        string topic = UniqueTopic();
        var pa = Track(PythonPeer.Start("server", "--url", _node.Url, "--topic", topic, "--server", "pa", "--lifetime", "120"));
        var pb = Track(PythonPeer.Start("server", "--url", _node.Url, "--topic", topic, "--server", "pb", "--lifetime", "120"));
        await pa.WaitForLineAsync(l => l == "READY", PeerWait);
        await pb.WaitForLineAsync(l => l == "READY", PeerWait);
        var client = Track(new RpcClient(Track(_node.CreateTransport()), new Target(Topic: topic), TimeSpan.FromSeconds(30)));
        var context = RpcContext.Empty.With("user_id", "carol");

        Assert.Equal(5, await client.CallAsync<int>(context, "add", new { a = 2, b = 3 }));
        Assert.Equal("carol", await client.CallAsync<string>(context, "get_user"));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("pb", await client.Prepare(server: "pb").CallAsync<string>(context, "who_am_i"));
        }

        var failed = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(context, "fail", new { message = "boom" }));
        Assert.Equal(("ValueError", "boom"), (failed.ExcType, failed.Value));
        var unknown = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(context, "no_such_thing"));
        Assert.Equal("NoSuchMethod", unknown.ExcType);
        await Assert.ThrowsAsync<MessagingTimeoutException>(
            () => client.Prepare(topic: topic + "-nobody").CallAsync<int>(context, "add", new { a = 1, b = 1 }, TimeSpan.FromSeconds(1)));

        await client.FanoutCastAsync(context, "record", new { item = "node-fanout" });
        await client.Prepare(server: "pa").CastAsync(context, "record", new { item = "node-targeted" });
        // The two casts to pa travel through different queues: either may come first.
        static bool ToPa(string line) => line.StartsWith("CAST pa:node-", StringComparison.Ordinal);
        var seenByPa = new HashSet<string> { await pa.WaitForLineAsync(ToPa, PeerWait), await pa.WaitForLineAsync(ToPa, PeerWait) };
        Assert.Equal(new HashSet<string> { "CAST pa:node-fanout", "CAST pa:node-targeted" }, seenByPa);
        await pb.WaitForLineAsync(l => l == "CAST pb:node-fanout", PeerWait);
        Assert.DoesNotContain("pb:node-targeted", pb.Output, StringComparison.Ordinal);
    }

    /// <summary>Calls, a targeted call reaching only b, errors, a timeout, and casts (fanout to both, targeted to a).</summary>
    private static async Task CallChecksAsync(RpcClient client, ComputeEndpoint a, ComputeEndpoint b)
    {
        var context = RpcContext.Empty.With("user_id", "dave");
        Assert.Equal(5, await client.CallAsync<int>(context, "add", new { a = 2, b = 3 }));
        Assert.Equal("dave", await client.CallAsync<string>(context, "get_user"));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("b", await client.Prepare(server: "b").CallAsync<string>(context, "who_am_i"));
        }

        var failed = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(context, "fail", new { message = "boom" }));
        Assert.Equal(("InvalidOperationException", "boom"), (failed.ExcType, failed.Value));
        var unknown = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(context, "no_such_thing"));
        Assert.Equal("NoSuchMethod", unknown.ExcType);
        await Assert.ThrowsAsync<MessagingTimeoutException>(
            () => client.Prepare(server: "nobody").CallAsync<int>(context, "add", new { a = 1, b = 1 }, TimeSpan.FromMilliseconds(500)));

        var calls = new Task<int>[20];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = client.CallAsync<int>(context, "slow", new { delayMs = 5 * (i % 4), value = i });
        }

        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(calls).WaitAsync(Wait));

        string mark = Guid.NewGuid().ToString("N")[..6];
        await client.FanoutCastAsync(context, "record", new { item = "fan-" + mark });
        await client.Prepare(server: "a").CastAsync(context, "record", new { item = "to-a-" + mark });
        var (seenA, seenB) = await OsloInteropTests.CollectCastsAsync(a, b, total: 3);
        Assert.Contains("a:fan-" + mark, seenA);
        Assert.Contains("a:to-a-" + mark, seenA);
        Assert.Equal(["b:fan-" + mark], seenB);
    }

    private static string UniqueTopic() => "node-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Servers "a" and "b" on the topic, each on the transport given.</summary>
    private async Task<(ComputeEndpoint A, ComputeEndpoint B)> ServersAsync(string topic, IRpcTransport forA, IRpcTransport forB)
    {
        var a = new ComputeEndpoint("a");
        var b = new ComputeEndpoint("b");
        foreach (var (transport, endpoint, name) in new[] { (forA, a, "a"), (forB, b, "b") })
        {
            var server = Track(new RpcServer(Track(transport), new Target(Topic: topic, Server: name), [endpoint]));
            await server.StartAsync();
        }

        return (a, b);
    }

    private async Task<AmqpRpcTransport> AmqpTransportAsync() => Track(await AmqpRpcTransport.ConnectAsync(_node.Url));

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
        => _cleanup.Track(disposable);
}
