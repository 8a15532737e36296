using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Configuration;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Notifications;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport.Node;
using Xunit;

namespace Fabric.Actors.Tests.Rpc.Node;

/// <summary>What is particular to the in-node transport: permissions, declarations, cleanup, recovery, no blocking.</summary>
public sealed class NodeTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly Disposables _cleanup = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var settings = FabricSettings.Default;
        settings = settings with
        {
            Auth = settings.Auth with
            {
                Users = [.. settings.Auth.Users, new UserSettings("svc", "secret", []), new UserSettings("outsider", "secret", [])],
                Permissions = [.. settings.Auth.Permissions, new PermissionSettings("svc", "/", "^svc-.*", "^svc-.*", "^svc-.*")],
            },
        };
        _node = _cleanup.Track(await TestNode.StartAsync(settings));
    }

    public async Task DisposeAsync() => await _cleanup.DisposeAsync();

    private IVirtualHost VHost => _node.Broker.FindVirtualHost("/")!;

    [Fact]
    public void Create_checks_the_vhost_and_the_users_access_to_it()
    {
        var missing = Assert.Throws<AmqpProtocolException>(() => _node.CreateTransport(new NodeRpcTransportOptions { VirtualHost = "/nope" }));
        Assert.Equal(ReplyCode.NotAllowed, missing.ReplyCode);
        var refused = Assert.Throws<AmqpProtocolException>(() => _node.CreateTransport(new NodeRpcTransportOptions { User = "outsider" }));
        Assert.Equal(ReplyCode.AccessRefused, refused.ReplyCode);
        Assert.Contains("refused for user 'outsider'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declares_publishes_and_consumes_only_as_the_internal_user_may()
    {
        var svc = Track(_node.CreateTransport(new NodeRpcTransportOptions { User = "svc" }));
        var denied = await Assert.ThrowsAsync<AmqpProtocolException>(
            () => new RpcServer(svc, new Target(Topic: "svc-compute", Server: "a"), [new ComputeEndpoint("a")]).StartAsync());
        Assert.Equal(ReplyCode.AccessRefused, denied.ReplyCode);
        Assert.Contains("access to exchange 'openstack' in vhost '/' refused for user 'svc'", denied.Message, StringComparison.Ordinal);

        // Its own exchange and queues are fine.
        var server = Track(new RpcServer(svc, new Target(Exchange: "svc-x", Topic: "svc-compute", Server: "a"), [new ComputeEndpoint("a")]));
        await server.StartAsync();
        Assert.NotNull(VHost.FindQueue("svc-compute.a"));

        // Publishing needs write on the exchange: "openstack" exists (guest declared it) but svc may not write to it,
        // nor to the default exchange (replies).
        await Track(_node.CreateTransport()).TopicSendAsync("openstack", "t", new byte[] { 1 }, null);
        var write = await Assert.ThrowsAsync<AmqpProtocolException>(() => svc.TopicSendAsync("openstack", "t", new byte[] { 1 }, null));
        Assert.Contains("access to exchange 'openstack'", write.Message, StringComparison.Ordinal);
        var direct = await Assert.ThrowsAsync<AmqpProtocolException>(() => svc.DirectSendAsync("svc-q", new byte[] { 1 }));
        Assert.Contains("access to exchange 'amq.default'", direct.Message, StringComparison.Ordinal);

        // Permissions change at runtime: checked on every use.
        await svc.TopicSendAsync("svc-x", "t", new byte[] { 1 }, null);
        await _node.Broker.Admin.ClearPermissionsAsync("svc", "/");
        var revoked = await Assert.ThrowsAsync<AmqpProtocolException>(() => svc.TopicSendAsync("svc-x", "t", new byte[] { 1 }, null));
        Assert.Contains("access to exchange 'svc-x'", revoked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declarations_follow_oslos_options()
    {
        var plain = Track(_node.CreateTransport());
        var server = Track(new RpcServer(plain, new Target(Topic: "plain", Server: "a"), [new ComputeEndpoint("a")]));
        await server.StartAsync();
        var client = Track(new RpcClient(plain, new Target(Topic: "plain")));
        Assert.Equal(3, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 1, b = 2 }));
        var topic = VHost.FindQueue("plain")!;
        Assert.False(topic.Durable || topic.AutoDelete);
        Assert.True(topic.Arguments.Count == 0);
        var reply = VHost.FindQueue(client.ReplyQueue)!;
        Assert.False(reply.Durable || reply.AutoDelete);
        Assert.True(reply.Arguments.TryGetLong("x-expires", out long ttl) && ttl == 1_800_000);
        Assert.False(VHost.FindExchange("openstack")!.Durable);
        Assert.True(VHost.FindExchange("plain_fanout")!.AutoDelete);

        var durable = Track(_node.CreateTransport(new NodeRpcTransportOptions { ControlExchange = "durable-x", DurableQueues = true }));
        var durableServer = Track(new RpcServer(durable, new Target(Topic: "kept", Server: "a"), [new ComputeEndpoint("a")]));
        await durableServer.StartAsync();
        Assert.True(VHost.FindQueue("kept")!.Durable);
        Assert.True(VHost.FindQueue("kept.a")!.Durable);
        Assert.True(VHost.FindExchange("durable-x")!.Durable);
    }

    [Fact]
    public async Task With_durable_queues_calls_are_confirmed_after_the_journal_and_notifications_survive_a_restart()
    {
        string directory = Directory.CreateTempSubdirectory("rpc-node-durable.").FullName;
        try
        {
            var settings = FabricSettings.Default;
            settings = settings with { Persistence = settings.Persistence with { Sqlite = new SqliteSettings(Path.Combine(directory, "fabric.db")) } };
            var options = new NodeRpcTransportOptions { DurableQueues = true };
            await using (var node = await TestNode.StartAsync(settings, persistent: true))
            {
                await using var transport = node.CreateTransport(options);
                await using var server = new RpcServer(transport, new Target(Topic: "durable", Server: "a"), [new ComputeEndpoint("a")]);
                await server.StartAsync();
                await using var client = new RpcClient(transport, new Target(Topic: "durable"));
                Assert.Equal(7, await client.CallAsync<int>(RpcContext.Empty, "add", new { a = 3, b = 4 }));
                await new Notifier(transport, "p", ["kept"]).InfoAsync(RpcContext.Empty, "e", new { n = 42 });
            }

            await using (var node = await TestNode.StartAsync(settings, persistent: true))
            {
                var queue = node.Broker.FindVirtualHost("/")!.FindQueue("kept.info");
                Assert.True(queue is { Durable: true });
                var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var transport = node.CreateTransport(options);
                await using var listener = new NotificationListener(transport, [new Target(Topic: "kept")], (n, _) =>
                {
                    received.TrySetResult(n.Payload.GetProperty("n").GetInt32());
                    return ValueTask.CompletedTask;
                });
                await listener.StartAsync();
                Assert.Equal(42, await received.Task.WaitAsync(Wait));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Disposing_the_transport_cleans_up_like_a_closing_connection()
    {
        var transport = _node.CreateTransport(new NodeRpcTransportOptions { AutoDelete = true });
        var server = new RpcServer(transport, new Target(Topic: "transient", Server: "a"), [new ComputeEndpoint("a")]);
        await server.StartAsync();
        Assert.True(VHost.FindQueue("transient")!.AutoDelete);

        await transport.DisposeAsync();
        // The auto-delete queues lose their only consumer and go.
        await EventuallyAsync(() => VHost.FindQueue("transient") is null && VHost.FindQueue("transient.a") is null);
    }

    [Fact]
    public async Task A_notification_being_handled_when_the_listener_goes_is_delivered_again()
    {
        string topic = "notes";
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _node.CreateTransport();
        var stuck = new NotificationListener(first, [new Target(Topic: topic)], async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await stuck.StartAsync();
        await new Notifier(Track(_node.CreateTransport()), "p", [topic]).InfoAsync(RpcContext.Empty, "e", new { n = 7 });
        await started.Task.WaitAsync(Wait);
        await first.DisposeAsync();

        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = Track(new NotificationListener(Track(_node.CreateTransport()), [new Target(Topic: topic)], (n, _) =>
        {
            received.TrySetResult(n.Payload.GetProperty("n").GetInt32());
            return ValueTask.CompletedTask;
        }));
        await second.StartAsync();
        Assert.Equal(7, await received.Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task Listeners_come_back_when_their_queues_are_deleted()
    {
        var server = Track(new RpcServer(Track(_node.CreateTransport()), new Target(Topic: "again", Server: "a"), [new ComputeEndpoint("a")]));
        await server.StartAsync();
        var client = Track(new RpcClient(Track(_node.CreateTransport()), new Target(Topic: "again", Server: "a")));
        Assert.Equal("a", await client.CallAsync<string>(RpcContext.Empty, "who_am_i"));

        var admin = new SessionInfo(_node.Broker.NextConnectionId(), new BrokerUser("guest", []), "/", ActorRefs.Nobody);
        await VHost.QueueDelete(new QueueDelete { Queue = "again.a" }, admin);
        await VHost.QueueDelete(new QueueDelete { Queue = client.ReplyQueue }, admin);

        // Both are declared and consumed again; a call sent before the server's queue is back is lost (and times out).
        await EventuallyAsync(() => VHost.FindQueue("again.a") is not null && VHost.FindQueue(client.ReplyQueue) is not null);
        string? answer = null;
        using var deadline = new CancellationTokenSource(Wait);
        while (answer is null)
        {
            deadline.Token.ThrowIfCancellationRequested();
            try
            {
                answer = await client.CallAsync<string>(RpcContext.Empty, "who_am_i", timeout: TimeSpan.FromSeconds(2));
            }
            catch (MessagingTimeoutException)
            {
            }
        }

        Assert.Equal("a", answer);
    }

    [Fact]
    public async Task A_handler_blocking_its_thread_does_not_hold_up_other_listeners_of_the_transport()
    {
        // Notification handlers run in their listener's pump: were pumps run by the connection actor, the delivery
        // for the second listener would wait behind the first handler, which waits for it.
        var transport = Track(_node.CreateTransport());
        using var released = new ManualResetEventSlim();
        var outcome = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = Track(new NotificationListener(transport, [new Target(Topic: "blocked")], (_, _) =>
        {
            outcome.TrySetResult(released.Wait(Wait));
            return ValueTask.CompletedTask;
        }));
        await blocked.StartAsync();
        var releasing = Track(new NotificationListener(transport, [new Target(Topic: "release")], (_, _) =>
        {
            released.Set();
            return ValueTask.CompletedTask;
        }));
        await releasing.StartAsync();

        var other = Track(_node.CreateTransport());
        await new Notifier(other, "p", ["blocked"]).InfoAsync(RpcContext.Empty, "wait", null);
        await new Notifier(other, "p", ["release"]).InfoAsync(RpcContext.Empty, "go", null);
        Assert.True(await outcome.Task.WaitAsync(Wait + Wait));
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private T Track<T>(T disposable)
        where T : IAsyncDisposable
        => _cleanup.Track(disposable);
}
