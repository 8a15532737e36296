using Fabric.Rpc;
using Fabric.Rpc.Server;

namespace Fabric.Bench.Rpc;

/// <summary>The measured method: returns its argument.</summary>
[RpcEndpoint]
public sealed class EchoEndpoint
{
    public int Echo(RpcContext context, int value) => value;
}
