using System.Text.Json;
using Fabric.Actors.Tests.AmqpClient;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Notifications;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport;
using Xunit;

namespace Fabric.Actors.Tests.Rpc;

/// <summary>Every RPC pattern through the C# API; run once per transport by the derived classes.</summary>
public abstract class RpcPatternTests : IAsyncLifetime
{
    private readonly Disposables _cleanup = new();

    protected static TimeSpan Wait => TestBroker.Wait;

    /// <summary>A new transport: a separate "process" on the same bus as the others of this test.</summary>
    protected abstract Task<IRpcTransport> NewTransportAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cleanup.DisposeAsync();

    [Fact]
    public async Task Call_returns_the_result()
    {
        var (client, _) = await ClientAndServersAsync("a");
        Assert.Equal(5, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 2, b = 3 }));
        Assert.Equal("hi", await client.CallAsync<string>(RpcContext.Empty, "echo", new Dictionary<string, object> { ["text"] = "hi" }));
        var described = await client.CallAsync<JsonElement>(RpcContext.Empty, "describe", new { instance_id = "vm-1" });
        Assert.Equal("vm-1", described.GetProperty("instance_id").GetString());
        Assert.Equal(1, described.GetProperty("vcpus").GetInt32());
        Assert.Equal(14, await client.CallAsync<int>(RpcContext.Empty, "twice", new { x = 7 }));
        Assert.Null(await client.CallAsync(RpcContext.Empty, "forget", new { item = "i" }));
    }

    [Fact]
    public async Task Context_travels_with_the_call()
    {
        var (client, _) = await ClientAndServersAsync("a");
        var context = RpcContext.Empty.With("user_id", "alice").With("project_id", "p1");
        Assert.Equal("alice", await client.CallAsync<string>(context, "get_user"));
    }

    [Fact]
    public async Task Cast_reaches_one_server()
    {
        var (client, servers) = await ClientAndServersAsync("a");
        await client.CastAsync(RpcContext.Empty, "record", new { item = "x1" });
        Assert.Equal("a:x1", await servers[0].Casts.Reader.ReadAsync().AsTask().WaitAsync(Wait));
    }

    [Fact]
    public async Task Fanout_cast_reaches_every_server()
    {
        var (client, servers) = await ClientAndServersAsync("a", "b", "c");
        await client.FanoutCastAsync(RpcContext.Empty, "record", new { item = "all" });
        foreach (var (server, name) in servers.Zip(["a", "b", "c"]))
        {
            Assert.Equal(name + ":all", await server.Casts.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        }
    }

    [Fact]
    public async Task Targeted_call_reaches_only_its_server()
    {
        var (client, servers) = await ClientAndServersAsync("a", "b");
        var toB = client.Prepare(server: "b");
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal("b", await toB.CallAsync<string>(RpcContext.Empty, "who_am_i"));
        }

        await toB.CastAsync(RpcContext.Empty, "record", new { item = "only-b" });
        Assert.Equal("b:only-b", await servers[1].Casts.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.False(servers[0].Casts.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Call_without_a_server_times_out()
    {
        var transport = await NewTransportAsync();
        var client = Track(new RpcClient(transport, new Target(Topic: UniqueTopic())));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<MessagingTimeoutException>(
            () => client.CallAsync<int>(RpcContext.Empty, "add", new { a = 1, b = 2 }, TimeSpan.FromMilliseconds(500)));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(450), $"timed out after {watch.Elapsed}");
        Assert.NotNull(error.MessageId);
        Assert.Equal(0, client.PendingCalls);
    }

    [Fact]
    public async Task Call_monitor_heartbeats_keep_a_long_call_alive()
    {
        var (client, _) = await ClientAndServersAsync("a");

        // The method takes 3.5 s; the monitor window is 2 s: only the server's heartbeats (every 1 s) save it.
        var result = await client.CallAsync(RpcContext.Empty, "slow", new { delayMs = 3500, value = 9 }, callMonitorTimeout: TimeSpan.FromSeconds(2));
        Assert.Equal(9, result!.Value.GetInt32());
    }

    [Fact]
    public async Task Call_monitor_fails_a_call_nobody_works_on_before_the_overall_timeout()
    {
        var transport = await NewTransportAsync();
        var client = Track(new RpcClient(transport, new Target(Topic: UniqueTopic())));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<MessagingTimeoutException>(
            () => client.CallAsync(RpcContext.Empty, "add", new { a = 1, b = 2 }, TimeSpan.FromSeconds(60), callMonitorTimeout: TimeSpan.FromSeconds(1)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Remote_exception_comes_back_with_type_and_message()
    {
        var (client, _) = await ClientAndServersAsync("a");
        var error = await Assert.ThrowsAsync<RemoteErrorException>(
            () => client.CallAsync<object>(RpcContext.Empty, "fail", new { message = "disk full" }));
        Assert.Equal("InvalidOperationException", error.ExcType);
        Assert.Equal("disk full", error.Value);
        Assert.Equal("System", error.Module);
        Assert.Contains("disk full", error.Traceback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_method_is_NoSuchMethod()
    {
        var (client, _) = await ClientAndServersAsync("a");
        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<object>(RpcContext.Empty, "reboot_everything"));
        Assert.Equal("NoSuchMethod", error.ExcType);
        Assert.Equal("Endpoint does not support RPC method reboot_everything", error.Value);
        Assert.Equal("oslo_messaging.rpc.dispatcher", error.Module);
    }

    [Fact]
    public async Task Version_and_namespace_are_checked_like_oslo()
    {
        var (client, _) = await ClientAndServersAsync("a");
        Assert.Equal(5, await client.Prepare(version: "1.2").CallAsync<int>(RpcContext.Empty, "add", new { a = 2, b = 3 }));
        var tooNew = await Assert.ThrowsAsync<RemoteErrorException>(
            () => client.Prepare(version: "1.4").CallAsync<int>(RpcContext.Empty, "add", new { a = 2, b = 3 }));
        Assert.Equal("UnsupportedVersion", tooNew.ExcType);
        Assert.Equal("Endpoint does not support RPC version 1.4. Attempted method: add", tooNew.Value);
        Assert.Equal("pong", await client.Prepare(@namespace: "baseapi").CallAsync<string>(RpcContext.Empty, "ping"));
        var wrongNamespace = await Assert.ThrowsAsync<RemoteErrorException>(
            () => client.Prepare(@namespace: "other").CallAsync<string>(RpcContext.Empty, "ping"));
        Assert.Equal("UnsupportedVersion", wrongNamespace.ExcType);
    }

    [Fact]
    public async Task Bad_arguments_are_remote_errors()
    {
        var (client, _) = await ClientAndServersAsync("a");
        var missing = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<int>(RpcContext.Empty, "add", new { a = 1 }));
        Assert.Contains("missing 1 required positional argument: 'b'", missing.Value, StringComparison.Ordinal);
        var extra = await Assert.ThrowsAsync<RemoteErrorException>(() => client.CallAsync<int>(RpcContext.Empty, "add", new { a = 1, b = 2, c = 3 }));
        Assert.Contains("unexpected keyword argument 'c'", extra.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_calls_in_flight_each_get_their_own_reply()
    {
        var (client, _) = await ClientAndServersAsync("a", "b");
        var calls = new Task<int>[100];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = client.CallAsync<int>(RpcContext.Empty, "slow", new { delayMs = 20 * (i % 5), value = i });
        }

        var results = await Task.WhenAll(calls).WaitAsync(Wait);
        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(i, results[i]);
        }
    }

    [Fact]
    public async Task Reply_to_a_vanished_client_is_retried_then_abandoned()
    {
        string topic = UniqueTopic();
        var transport = await NewTransportAsync();
        var server = Track(new RpcServer(
            transport,
            new Target(Topic: topic, Server: "a"),
            [new ComputeEndpoint("a")],
            new RpcServerOptions { ReplyRetryTimeout = TimeSpan.FromMilliseconds(600), ReplyRetryInterval = TimeSpan.FromMilliseconds(100) }));
        var errors = System.Threading.Channels.Channel.CreateUnbounded<Exception>();
        server.Error += (_, e) => errors.Writer.TryWrite(e);
        await server.StartAsync();

        string missing = "reply_" + Guid.NewGuid().ToString("N");
        var body = Fabric.Rpc.Envelope.MessageWriter.Request(RpcContext.Empty, "add", new { a = 1, b = 2 }, null, null, "m-1", missing, "u-1");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await transport.TopicSendAsync(transport.ControlExchange, topic, body, null);
        var error = await errors.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        var undeliverable = Assert.IsType<MessageUndeliverableException>(error);
        Assert.Equal(missing, undeliverable.RoutingKey);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(500), $"gave up after {watch.Elapsed}");
        Assert.Equal(1, server.Received);
    }

    [Fact]
    public async Task Notifications_reach_listeners_with_oslo_fields()
    {
        var transport = await NewTransportAsync();
        string topic = UniqueTopic();
        var received = System.Threading.Channels.Channel.CreateUnbounded<Notification>();
        var listener = Track(new NotificationListener(
            transport,
            [new Target(Topic: topic)],
            (notification, _) =>
            {
                received.Writer.TryWrite(notification);
                return ValueTask.CompletedTask;
            },
            priorities: [NotificationPriority.Info, NotificationPriority.Error]));
        await listener.StartAsync();

        var notifier = new Notifier(await NewTransportAsync(), "compute.host1", [topic]);
        await notifier.InfoAsync(RpcContext.Empty.With("request_id", "req-1"), "compute.instance.create.end", new { instance_id = "vm-9" });
        await notifier.Prepare("compute.host2").ErrorAsync(RpcContext.Empty, "compute.instance.error", new { code = 500 });

        var first = await received.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        var second = await received.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        var info = first.Priority == "INFO" ? first : second;
        var error = first.Priority == "INFO" ? second : first;
        Assert.Equal("compute.host1", info.PublisherId);
        Assert.Equal("compute.instance.create.end", info.EventType);
        Assert.Equal("vm-9", info.Payload.GetProperty("instance_id").GetString());
        Assert.Equal("req-1", info.Context.GetString("request_id"));
        Assert.True(Guid.TryParse(info.MessageId, out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$", info.Timestamp);
        Assert.Equal("ERROR", error.Priority);
        Assert.Equal("compute.host2", error.PublisherId);
        Assert.Equal(500, error.Payload.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Listeners_in_one_pool_share_notifications_and_each_pool_gets_all()
    {
        string topic = UniqueTopic();
        var poolA = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var poolB = System.Threading.Channels.Channel.CreateUnbounded<string>();
        foreach (var (pool, sink, name) in new[] { ("pool-a-" + topic, poolA, "a1"), ("pool-a-" + topic, poolA, "a2"), ("pool-b-" + topic, poolB, "b1") })
        {
            var listener = Track(new NotificationListener(
                await NewTransportAsync(),
                [new Target(Topic: topic)],
                (n, _) =>
                {
                    sink.Writer.TryWrite(name + ":" + n.Payload.GetProperty("n").GetInt32());
                    return ValueTask.CompletedTask;
                },
                pool: pool,
                priorities: [NotificationPriority.Info]));
            await listener.StartAsync();
        }

        var notifier = new Notifier(await NewTransportAsync(), "p", [topic]);
        for (int i = 0; i < 10; i++)
        {
            await notifier.InfoAsync(RpcContext.Empty, "e", new { n = i });
        }

        var seenA = new List<string>();
        var seenB = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            seenA.Add(await poolA.Reader.ReadAsync().AsTask().WaitAsync(Wait));
            seenB.Add(await poolB.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        }

        // Pool a: each notification once, split between its two listeners; pool b: all of them.
        Assert.Equal(Enumerable.Range(0, 10), seenA.Select(s => int.Parse(s.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "b1:" + i), seenB);
        Assert.False(poolA.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Failing_notification_handler_gets_the_notification_again()
    {
        var transport = await NewTransportAsync();
        string topic = UniqueTopic();
        int attempts = 0;
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = Track(new NotificationListener(
            transport,
            [new Target(Topic: topic)],
            (_, _) =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    throw new InvalidOperationException("not yet");
                }

                done.TrySetResult(attempts);
                return ValueTask.CompletedTask;
            },
            priorities: [NotificationPriority.Info]));
        await listener.StartAsync();
        await new Notifier(transport, "p", [topic]).InfoAsync(RpcContext.Empty, "e", null);
        Assert.Equal(2, await done.Task.WaitAsync(Wait));
    }

    protected static string UniqueTopic() => TestBroker.UniqueName("topic");

    protected T Track<T>(T disposable)
        where T : IAsyncDisposable
        => _cleanup.Track(disposable);

    /// <summary>Servers named as given (each on its own transport) on a fresh topic, and a client on another.</summary>
    protected async Task<(RpcClient Client, ComputeEndpoint[] Servers)> ClientAndServersAsync(params string[] names)
    {
        string topic = UniqueTopic();
        var endpoints = new ComputeEndpoint[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            endpoints[i] = new ComputeEndpoint(names[i]);
            var server = Track(new RpcServer(await NewTransportAsync(), new Target(Topic: topic, Server: names[i]), [endpoints[i], new BaseApiEndpoint()]));
            await server.StartAsync();
        }

        var client = Track(new RpcClient(await NewTransportAsync(), new Target(Topic: topic), TimeSpan.FromSeconds(20)));
        return (client, endpoints);
    }
}
