using System.Collections.Concurrent;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Envelope;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport;
using Fabric.Rpc.Transport.Amqp;
using Xunit;

namespace Fabric.Actors.Tests.Rpc.Node;

/// <summary>
/// Stress on the fanout path (issue 5 follow-up: a fanout cast seen twice by in-node compute hosts): many fanout
/// casts over TCP and in-node to several in-node servers while their fanout queues are deleted and subscribed again.
/// Raw listeners count deliveries below the servers' duplicate filter: RPC messages are acked before dispatch and
/// never requeued here, so a second delivery of one message would be a broker or transport bug.
/// </summary>
public sealed class FanoutDuplicateTests : IAsyncLifetime
{
    private const string Topic = "fan";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly Disposables _cleanup = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = _cleanup.Track(await TestNode.StartAsync()).Listen();

    public async Task DisposeAsync() => await _cleanup.DisposeAsync();

    [Fact]
    public async Task Fanout_casts_reach_each_server_and_listener_at_most_once_while_their_queues_churn()
    {
        var endpoints = new List<ComputeEndpoint>();
        var raw = new List<ConcurrentDictionary<string, int>>();
        var rawQueues = new List<string>();
        for (int t = 0; t < 2; t++)
        {
            var transport = _cleanup.Track(_node.CreateTransport());
            for (int s = 0; s < 2; s++)
            {
                var endpoint = new ComputeEndpoint($"t{t}s{s}");
                endpoints.Add(endpoint);
                var server = _cleanup.Track(new RpcServer(transport, new Target(Topic: Topic, Server: $"t{t}s{s}"), [endpoint]));
                await server.StartAsync();
            }

            var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            raw.Add(seen);
            var spec = ListenSpec.Fanout(Topic);
            rawQueues.Add(spec.Queue);
            _cleanup.Track(await transport.ListenAsync(spec, (body, _) =>
            {
                seen.AddOrUpdate(RpcRequest.Parse(body).UniqueId!, 1, (_, n) => n + 1);
                return ValueTask.CompletedTask;
            }));
        }

        var overTcp = _cleanup.Track(await AmqpRpcTransport.ConnectAsync(_node.Url));
        var inNode = _cleanup.Track(_node.CreateTransport());
        var clients = new[]
        {
            _cleanup.Track(new RpcClient(overTcp, new Target(Topic: Topic))),
            _cleanup.Track(new RpcClient(inNode, new Target(Topic: Topic))),
        };

        // 1. No churn: every server gets every cast exactly once.
        await SendAsync(clients, "calm", 100);
        await Task.WhenAll(endpoints.Select(e => ExpectRecordsAsync(e, "calm", 200)));
        // The raw listeners consume their own queues, at their own pace: wait for them as for the servers.
        using (var deadline = new CancellationTokenSource(Wait))
        {
            while (raw.Any(seen => seen.Count < 200))
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        Assert.All(raw, seen => Assert.Equal(200, seen.Count));
        Assert.All(raw, seen => Assert.All(seen.Values, n => Assert.Equal(1, n)));

        // 2. Casts while fanout queues are deleted (consumers cancelled, declared and consumed again) over and over.
        var vhost = _node.Broker.FindVirtualHost("/")!;
        var admin = new SessionInfo(_node.Broker.NextConnectionId(), new BrokerUser("guest", []), "/", ActorRefs.Nobody);
        var bound = vhost.Route(Topic + "_fanout", "", null, new RoutingContext()).ToArray();
        Assert.Equal(6, bound.Length);

        // One raw listener's queue stays, so the auto-delete exchange does too: a publish to a missing exchange closes
        // the TCP publisher's channel, and the publishes in flight on it are sent again (at least once, by design).
        var fanoutQueues = bound.Where(q => q != rawQueues[0]).ToArray();
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                await vhost.QueueDelete(new QueueDelete { Queue = fanoutQueues[i % fanoutQueues.Length] }, admin);
                await Task.Delay(5);
            }
        });
        await SendAsync(clients, "churn", 300);
        await stop.CancelAsync();
        await churn;

        // Once every queue is back, a last cast reaches everyone; what arrived before it is all there is.
        using (var deadline = new CancellationTokenSource(Wait))
        {
            while (vhost.Route(Topic + "_fanout", "", null, new RoutingContext()).Count < bound.Length)
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        await SendAsync(clients, "end", 1);
        await Task.WhenAll(endpoints.Select(e => ExpectRecordsAsync(e, "end", 2)));
        foreach (var endpoint in endpoints)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            while (endpoint.Casts.Reader.TryRead(out var item))
            {
                counts[item] = counts.GetValueOrDefault(item) + 1;
            }

            Assert.All(counts.Values, n => Assert.Equal(1, n));
        }

        foreach (var seen in raw)
        {
            Assert.All(seen, pair => Assert.True(pair.Value == 1, $"{pair.Key} delivered {pair.Value} times"));
            Assert.True(seen.Count > 200);
        }
    }

    [Fact]
    public async Task A_fanout_cast_over_tcp_declares_the_exchange_again_after_it_was_auto_deleted()
    {
        var vhost = _node.Broker.FindVirtualHost("/")!;
        var admin = new SessionInfo(_node.Broker.NextConnectionId(), new BrokerUser("guest", []), "/", ActorRefs.Nobody);
        var transport = _cleanup.Track(_node.CreateTransport());
        var first = new ComputeEndpoint("a");
        var server = new RpcServer(transport, new Target(Topic: "gone", Server: "a"), [first]);
        await server.StartAsync();
        var client = _cleanup.Track(new RpcClient(_cleanup.Track(await AmqpRpcTransport.ConnectAsync(_node.Url)), new Target(Topic: "gone")));
        await client.FanoutCastAsync(RpcContext.Empty, "record", new { item = "one" });
        Assert.Equal("a:one", await first.Casts.Reader.ReadAsync().AsTask().WaitAsync(Wait));

        // The only fanout queue goes, and with its binding the auto-delete exchange.
        await server.StopAsync();
        foreach (var queue in vhost.Route("gone_fanout", "", null, new RoutingContext()).ToArray())
        {
            await vhost.QueueDelete(new QueueDelete { Queue = queue }, admin);
        }

        Assert.Null(vhost.FindExchange("gone_fanout"));
        await client.FanoutCastAsync(RpcContext.Empty, "record", new { item = "nobody" });
        Assert.NotNull(vhost.FindExchange("gone_fanout"));

        var second = new ComputeEndpoint("b");
        await using var again = new RpcServer(transport, new Target(Topic: "gone", Server: "b"), [second]);
        await again.StartAsync();
        await client.FanoutCastAsync(RpcContext.Empty, "record", new { item = "two" });
        Assert.Equal("b:two", await second.Casts.Reader.ReadAsync().AsTask().WaitAsync(Wait));
    }

    /// <summary>Each client fanout-casts <c>record(item)</c> <paramref name="count"/> times, four casts in flight per client.</summary>
    private static Task SendAsync(RpcClient[] clients, string prefix, int count)
    {
        var sending = new List<Task>();
        for (int c = 0; c < clients.Length; c++)
        {
            for (int lane = 0; lane < 4; lane++)
            {
                var client = clients[c];
                string lanePrefix = $"{prefix}-c{c}-l{lane}-";
                int n = (count + 3 - lane) / 4;
                sending.Add(Task.Run(async () =>
                {
                    for (int i = 0; i < n; i++)
                    {
                        await client.FanoutCastAsync(RpcContext.Empty, "record", new { item = lanePrefix + i });
                    }
                }));
            }
        }

        return Task.WhenAll(sending);
    }

    /// <summary>Reads the endpoint's records until <paramref name="expected"/> of <paramref name="prefix"/> came (keeping the others).</summary>
    private static async Task ExpectRecordsAsync(ComputeEndpoint endpoint, string prefix, int expected)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var others = new List<string>();
        using var deadline = new CancellationTokenSource(Wait);
        while (seen.Count < expected)
        {
            string item = await endpoint.Casts.Reader.ReadAsync(deadline.Token);
            string name = item[(item.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (name.StartsWith(prefix + "-", StringComparison.Ordinal))
            {
                seen[name] = seen.GetValueOrDefault(name) + 1;
            }
            else
            {
                others.Add(item);
            }
        }

        Assert.All(seen.Values, n => Assert.Equal(1, n));
        foreach (var item in others)
        {
            endpoint.Casts.Writer.TryWrite(item);
        }
    }
}
