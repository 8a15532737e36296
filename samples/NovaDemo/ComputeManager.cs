using System.Collections.Concurrent;
using Fabric.Rpc;
using Fabric.Rpc.Notifications;
using Fabric.Rpc.Server;

namespace NovaDemo;

/// <summary>A nova-compute-like endpoint: one per host, serving the "compute" topic.</summary>
[RpcEndpoint(Version = "5.0")]
public sealed class ComputeManager(string host, int freeVcpus, Notifier notifier)
{
    private readonly ConcurrentDictionary<string, int> _instances = new();
    private int _freeVcpus = freeVcpus;

    public Dictionary<string, object> GetHostStats(RpcContext context) =>
        new() { ["host"] = host, ["free_vcpus"] = Volatile.Read(ref _freeVcpus), ["instances"] = _instances.Count };

    public async Task<Dictionary<string, object>> BuildInstance(RpcContext context, string instanceId, int vcpus)
    {
        if (Interlocked.Add(ref _freeVcpus, -vcpus) < 0)
        {
            Interlocked.Add(ref _freeVcpus, vcpus);
            throw new InsufficientResourcesException($"{host} cannot fit {vcpus} vCPUs");
        }

        _instances[instanceId] = vcpus;
        await notifier.InfoAsync(context, "compute.instance.create.end", new { instance_id = instanceId, host });
        return new() { ["instance_id"] = instanceId, ["host"] = host, ["state"] = "ACTIVE" };
    }

    public void RebootInstance(RpcContext context, string instanceId) =>
        Console.WriteLine($"  [{host}] rebooting {instanceId} (cast, requested by {context.GetString("user_id")})");

    public void RefreshCache(RpcContext context, string reason) =>
        Console.WriteLine($"  [{host}] refreshing cache (fanout): {reason}");

    public int Echo(RpcContext context, int value) => value;
}

public sealed class InsufficientResourcesException(string message) : Exception(message);
