using System.Text.Json;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Notifications;
using Fabric.Rpc.Transport.Amqp;
using Xunit;

namespace Fabric.Node.Tests.Host;

/// <summary><c>Fabric.Node --nova-demo</c>: the in-node compute hosts answer an AMQP client of the node.</summary>
public sealed class NovaDemoHostTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_in_node_compute_hosts_serve_calls_casts_and_fanout_casts_from_an_amqp_client()
    {
        await using var node = NodeProcess.Start(new NodeProcessOptions { Arguments = ["--nova-demo"] });
        await node.WaitForOutputAsync("NovaDemo compute hosts compute1, compute2 serving topic 'compute'", TimeSpan.FromSeconds(60));
        await node.WaitUntilListeningAsync();

        await using var transport = await AmqpRpcTransport.ConnectAsync($"amqp://guest:guest@127.0.0.1:{node.Port}/");
        var notified = new TaskCompletionSource<Notification>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = new NotificationListener(transport, [new Target(Topic: "notifications")], (n, _) =>
        {
            notified.TrySetResult(n);
            return ValueTask.CompletedTask;
        });
        await listener.StartAsync();
        await using var scheduler = new RpcClient(transport, new Target(Topic: "compute", Version: "5.0"), Wait);
        var context = RpcContext.Empty.With("user_id", "node-test");

        // Calls: each host answers for itself, keeps state between calls, and reports its errors.
        Assert.Equal(8, (await StatsAsync(scheduler, context, "compute1"))["free_vcpus"].GetInt32());
        Assert.Equal(4, (await StatsAsync(scheduler, context, "compute2"))["free_vcpus"].GetInt32());
        var built = await scheduler.Prepare(server: "compute2").CallAsync<Dictionary<string, JsonElement>>(
            context, "build_instance", new { instance_id = "vm-1", vcpus = 3 });
        Assert.Equal("ACTIVE", built!["state"].GetString());
        Assert.Equal("compute2", built["host"].GetString());
        var after = await StatsAsync(scheduler, context, "compute2");
        Assert.Equal(1, after["free_vcpus"].GetInt32());
        Assert.Equal(1, after["instances"].GetInt32());
        var error = await Assert.ThrowsAsync<RemoteErrorException>(() => scheduler.Prepare(server: "compute1")
            .CallAsync<object>(context, "build_instance", new { instance_id = "vm-big", vcpus = 64 }));
        Assert.Contains("InsufficientResources", error.ExcType, StringComparison.Ordinal);
        Assert.Contains("compute1 cannot fit 64 vCPUs", error.Value, StringComparison.Ordinal);
        Assert.Equal(41, await scheduler.CallAsync<int>(context, "echo", new { value = 41 }));

        // The build's notification reached the AMQP listener.
        var notification = await notified.Task.WaitAsync(Wait);
        Assert.Equal("compute.instance.create.end", notification.EventType);
        Assert.Equal("compute.compute2", notification.PublisherId);

        // A cast reaches only its host.
        await scheduler.Prepare(server: "compute1").CastAsync(context, "reboot_instance", new { instance_id = "vm-7" });
        await node.WaitForOutputAsync("[compute1] rebooting vm-7 (cast, requested by node-test)", Wait);

        // Fanout casts reach every host, each once (a duplicate of either would be queued before the calls that
        // follow are answered, and printed as they are handled).
        await scheduler.FanoutCastAsync(context, "refresh_cache", new { reason = "first" });
        await scheduler.FanoutCastAsync(context, "refresh_cache", new { reason = "second" });
        foreach (var host in new[] { "compute1", "compute2" })
        {
            await node.WaitForOutputAsync($"[{host}] refreshing cache (fanout): first", Wait);
            await node.WaitForOutputAsync($"[{host}] refreshing cache (fanout): second", Wait);
            await StatsAsync(scheduler, context, host);
        }

        foreach (var host in new[] { "compute1", "compute2" })
        {
            foreach (var reason in new[] { "first", "second" })
            {
                Assert.Equal(1, Occurrences(node.StandardOutput, $"[{host}] refreshing cache (fanout): {reason}"));
            }
        }

        Assert.Equal(0, Occurrences(node.StandardOutput, "[compute2] rebooting vm-7"));
        Assert.Equal(0, await node.StopAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<Dictionary<string, JsonElement>> StatsAsync(RpcClient client, RpcContext context, string host) =>
        await client.Prepare(server: host).CallAsync<Dictionary<string, JsonElement>>(context, "get_host_stats")
            ?? throw new InvalidOperationException("no stats");

    private static int Occurrences(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
