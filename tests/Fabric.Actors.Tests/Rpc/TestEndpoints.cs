using System.Threading.Channels;
using Fabric.Rpc;
using Fabric.Rpc.Server;

namespace Fabric.Actors.Tests.Rpc;

/// <summary>A compute-like endpoint recording what reached it.</summary>
[RpcEndpoint(Version = "1.3")]
public sealed class ComputeEndpoint(string serverName)
{
    public Channel<string> Casts { get; } = Channel.CreateUnbounded<string>();

    public int Add(RpcContext context, int a, int b) => a + b;

    public string WhoAmI(RpcContext context) => serverName;

    public string? GetUser(RpcContext context) => context.GetString("user_id");

    public async Task<string> Echo(RpcContext context, string text)
    {
        await Task.Yield();
        return text;
    }

    public async Task<int> Slow(RpcContext context, int delayMs, int value)
    {
        await Task.Delay(delayMs);
        return value;
    }

    public ValueTask<int> Twice(int x) => new(2 * x);

    public async ValueTask Forget(RpcContext context, string item, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        Casts.Writer.TryWrite(serverName + ":forget:" + item);
    }

    public void Fail(RpcContext context, string message) => throw new InvalidOperationException(message);

    public void Record(RpcContext context, string item) => Casts.Writer.TryWrite(serverName + ":" + item);

    public Dictionary<string, object?> Describe(RpcContext context, string instanceId, int vcpus = 1) =>
        new() { ["instance_id"] = instanceId, ["vcpus"] = vcpus, ["host"] = serverName };
}

/// <summary>A second API in its own namespace.</summary>
[RpcEndpoint(Namespace = "baseapi", Version = "1.0")]
public sealed class BaseApiEndpoint
{
    public string Ping(RpcContext context) => "pong";
}
