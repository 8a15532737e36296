using System.Text.Json;
using Fabric.Actors.Tests.AmqpClient;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Notifications;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport.Amqp;
using Xunit;

namespace Fabric.Actors.Tests.Rpc.Interop;

/// <summary>
/// Interop with real oslo.messaging 14 (python3-oslo.messaging) through the broker at FABRIC_TEST_AMQP_URL:
/// Python → C#, C# → Python, Python ↔ Python (C# ↔ C# is <see cref="AmqpRpcPatternTests"/>), and notifications
/// both ways.
/// </summary>
[Trait("Requires", "broker")]
public sealed class OsloInteropTests : IAsyncLifetime
{
    private static readonly TimeSpan PeerWait = TimeSpan.FromSeconds(90);
    private readonly Disposables _cleanup = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cleanup.DisposeAsync();

    [Fact]
    public async Task Python_client_to_Python_servers()
    {
        var peer = Track(PythonPeer.Start("selftest", "--url", TestBroker.Url, "--topic", TestBroker.UniqueName("py-py")));
        Assert.True(await peer.WaitForExitAsync(PeerWait) == 0, peer.Output);
        Assert.Contains("DONE", peer.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Python_client_to_CSharp_servers()
    {
        string topic = TestBroker.UniqueName("py-cs");
        var a = new ComputeEndpoint("a");
        var b = new ComputeEndpoint("b");
        foreach (var (endpoint, name) in new[] { (a, "a"), (b, "b") })
        {
            var server = Track(new RpcServer(await TransportAsync(), new Target(Topic: topic, Server: name), [endpoint]));
            await server.StartAsync();
        }

        var peer = Track(PythonPeer.Start("client", "--url", TestBroker.Url, "--topic", topic, "--servers", "a,b"));
        Assert.True(await peer.WaitForExitAsync(PeerWait) == 0, peer.Output);
        Assert.Contains("OK remote-error InvalidOperationException", peer.Output, StringComparison.Ordinal);
        Assert.Contains("OK call-monitor", peer.Output, StringComparison.Ordinal);
        Assert.Contains("DONE", peer.Output, StringComparison.Ordinal);

        // Casts: fanout to both, targeted only to a, the plain cast to exactly one of them.
        var (seenA, seenB) = await CollectCastsAsync(a, b, total: 4);
        Assert.Contains("a:py-fanout", seenA);
        Assert.Contains("a:py-targeted", seenA);
        Assert.Contains("b:py-fanout", seenB);
        Assert.DoesNotContain("b:py-targeted", seenB);
        Assert.Equal(1, seenA.Count(s => s.EndsWith(":py-cast", StringComparison.Ordinal)) + seenB.Count(s => s.EndsWith(":py-cast", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CSharp_client_to_Python_servers()
    {
        string topic = TestBroker.UniqueName("cs-py");
        var pa = Track(PythonPeer.Start("server", "--url", TestBroker.Url, "--topic", topic, "--server", "pa", "--lifetime", "120"));
        var pb = Track(PythonPeer.Start("server", "--url", TestBroker.Url, "--topic", topic, "--server", "pb", "--lifetime", "120"));
        await pa.WaitForLineAsync(l => l == "READY", PeerWait);
        await pb.WaitForLineAsync(l => l == "READY", PeerWait);
        var client = Track(new RpcClient(await TransportAsync(), new Target(Topic: topic), TimeSpan.FromSeconds(30)));
        var context = RpcContext.Empty.With("user_id", "carol");

        Assert.Equal(5, await client.CallAsync<int>(context, "add", new { a = 2, b = 3 }));
        Assert.Equal("h\u00e9llo", await client.CallAsync<string>(context, "echo", new { text = "h\u00e9llo" }));
        Assert.Equal("carol", await client.CallAsync<string>(context, "get_user"));
        var described = await client.CallAsync<JsonElement>(context, "describe", new { instance_id = "vm-7", vcpus = 4 });
        Assert.Equal(4, described.GetProperty("vcpus").GetInt32());
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("pb", await client.Prepare(server: "pb").CallAsync<string>(context, "who_am_i"));
        }

        var failed = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(context, "fail", new { message = "boom" }));
        Assert.Equal("ValueError", failed.ExcType);
        Assert.Equal("boom", failed.Value);
        Assert.Equal("builtins", failed.Module);
        Assert.Contains("raise ValueError(message)", failed.Traceback, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(context, "no_such_thing"));
        Assert.Equal("NoSuchMethod", unknown.ExcType);
        Assert.Equal("Endpoint does not support RPC method no_such_thing", unknown.Value);
        var version = await Assert.ThrowsAsync<RemoteErrorException>(() => client.Prepare(version: "2.0").CallAsync<int>(context, "add", new { a = 1, b = 1 }));
        Assert.Equal("UnsupportedVersion", version.ExcType);
        Assert.Equal(2, await client.Prepare(version: "1.3").CallAsync<int>(context, "add", new { a = 1, b = 1 }));

        await Assert.ThrowsAsync<MessagingTimeoutException>(
            () => client.Prepare(topic: topic + "-nobody").CallAsync<int>(context, "add", new { a = 1, b = 1 }, TimeSpan.FromSeconds(1)));

        // oslo's watchdog sends heartbeats every second for a 2 s call-monitor timeout; the call takes 3.5 s.
        var monitored = await client.CallAsync(context, "slow", new { delayMs = 3500, value = 8 }, callMonitorTimeout: TimeSpan.FromSeconds(2));
        Assert.Equal(8, monitored!.Value.GetInt32());

        var calls = new Task<int>[20];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = client.CallAsync<int>(context, "slow", new { delayMs = 10 * (i % 4), value = i });
        }

        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(calls));

        await client.FanoutCastAsync(context, "record", new { item = "cs-fanout" });
        await client.Prepare(server: "pa").CastAsync(context, "record", new { item = "cs-targeted" });
        // The two casts to pa travel through different queues: either may come first.
        static bool ToPa(string line) => line.StartsWith("CAST pa:cs-", StringComparison.Ordinal);
        var seenByPa = new HashSet<string> { await pa.WaitForLineAsync(ToPa, PeerWait), await pa.WaitForLineAsync(ToPa, PeerWait) };
        Assert.Equal(new HashSet<string> { "CAST pa:cs-fanout", "CAST pa:cs-targeted" }, seenByPa);
        await pb.WaitForLineAsync(l => l == "CAST pb:cs-fanout", PeerWait);
        Assert.DoesNotContain("pb:cs-targeted", pb.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declarations_are_equivalent_to_oslos()
    {
        // A C# and a Python server with the same target share the topic exchange, both queues and the fanout
        // exchange: RabbitMQ refuses (406) a redeclaration with other flags or arguments, so READY means equal.
        string topic = TestBroker.UniqueName("same-decl");
        var server = Track(new RpcServer(await TransportAsync(), new Target(Topic: topic, Server: "s"), [new ComputeEndpoint("cs")]));
        await server.StartAsync();
        var python = Track(PythonPeer.Start("server", "--url", TestBroker.Url, "--topic", topic, "--server", "s", "--lifetime", "120"));
        await python.WaitForLineAsync(l => l == "READY", PeerWait);

        // Both now consume T.s; calls are served by one or the other.
        var client = Track(new RpcClient(await TransportAsync(), new Target(Topic: topic, Server: "s"), TimeSpan.FromSeconds(30)));
        var names = new HashSet<string>();
        for (int i = 0; i < 10; i++)
        {
            names.Add((await client.CallAsync<string>(RpcContext.Empty, "who_am_i"))!);
        }

        Assert.Subset(new HashSet<string> { "cs", "s" }, names);

        // The reply queue: redeclared with oslo's exact flags and x-expires it is accepted, with another TTL refused.
        await using var connection = await TestBroker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        var osloArguments = new Fabric.Amqp.Tables.FieldTableBuilder().Add("x-expires", 1800000).Build();
        await channel.QueueDeclareAsync(client.ReplyQueue, durable: false, autoDelete: false, arguments: osloArguments);
        var otherArguments = new Fabric.Amqp.Tables.FieldTableBuilder().Add("x-expires", 1000).Build();
        var refused = await Assert.ThrowsAsync<Fabric.Amqp.AmqpProtocolException>(
            () => channel.QueueDeclareAsync(client.ReplyQueue, arguments: otherArguments));
        Assert.Equal(Fabric.Amqp.ReplyCode.PreconditionFailed, refused.ReplyCode);
    }

    [Fact]
    public async Task CSharp_notifier_to_Python_listener()
    {
        string topic = TestBroker.UniqueName("cs-notify");
        var listener = Track(PythonPeer.Start("listen", "--url", TestBroker.Url, "--topic", topic, "--lifetime", "120"));
        await listener.WaitForLineAsync(l => l == "READY", PeerWait);
        var notifier = new Notifier(await TransportAsync(), "cs.host", [topic]);
        await notifier.InfoAsync(RpcContext.Empty.With("request_id", "req-cs"), "compute.instance.create.end", new { instance_id = "vm-cs" });
        await notifier.ErrorAsync(RpcContext.Empty, "compute.instance.error", new { code = 500 });
        await listener.WaitForLineAsync(l => l == "NOTIFY INFO cs.host compute.instance.create.end {\"instance_id\": \"vm-cs\"}", PeerWait);
        await listener.WaitForLineAsync(l => l == "NOTIFY ERROR cs.host compute.instance.error {\"code\": 500}", PeerWait);
    }

    [Fact]
    public async Task Python_notifier_to_CSharp_listener()
    {
        string topic = TestBroker.UniqueName("py-notify");
        var received = System.Threading.Channels.Channel.CreateUnbounded<Notification>();
        var listener = Track(new NotificationListener(
            await TransportAsync(),
            [new Target(Topic: topic)],
            (n, _) =>
            {
                received.Writer.TryWrite(n);
                return ValueTask.CompletedTask;
            }));
        await listener.StartAsync();
        var peer = Track(PythonPeer.Start("notify", "--url", TestBroker.Url, "--topic", topic));
        Assert.True(await peer.WaitForExitAsync(PeerWait) == 0, peer.Output);
        var all = new List<Notification>
        {
            await received.Reader.ReadAsync().AsTask().WaitAsync(PeerWait),
            await received.Reader.ReadAsync().AsTask().WaitAsync(PeerWait),
        };
        var info = Assert.Single(all, n => n.Priority == "INFO");
        Assert.Equal("py.host", info.PublisherId);
        Assert.Equal("compute.instance.create.end", info.EventType);
        Assert.Equal("vm-py", info.Payload.GetProperty("instance_id").GetString());
        Assert.Equal("req-py", info.Context.GetString("request_id"));
        var error = Assert.Single(all, n => n.Priority == "ERROR");
        Assert.Equal(500, error.Payload.GetProperty("code").GetInt32());
    }

    /// <summary>Reads casts from both endpoints until <paramref name="total"/> arrived (and a moment more for extras).</summary>
    internal static async Task<(List<string> A, List<string> B)> CollectCastsAsync(ComputeEndpoint a, ComputeEndpoint b, int total)
    {
        var seenA = new List<string>();
        var seenB = new List<string>();
        using var deadline = new CancellationTokenSource(PeerWait);
        while (seenA.Count + seenB.Count < total)
        {
            var nextA = a.Casts.Reader.WaitToReadAsync(deadline.Token).AsTask();
            var nextB = b.Casts.Reader.WaitToReadAsync(deadline.Token).AsTask();
            await Task.WhenAny(nextA, nextB);
            deadline.Token.ThrowIfCancellationRequested();
            while (a.Casts.Reader.TryRead(out var fromA))
            {
                seenA.Add(fromA);
            }

            while (b.Casts.Reader.TryRead(out var fromB))
            {
                seenB.Add(fromB);
            }
        }

        return (seenA, seenB);
    }

    private async Task<AmqpRpcTransport> TransportAsync() =>
        Track(await AmqpRpcTransport.ConnectAsync(new AmqpRpcTransportOptions { Connection = TestBroker.Options }));

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
        => _cleanup.Track(disposable);
}
