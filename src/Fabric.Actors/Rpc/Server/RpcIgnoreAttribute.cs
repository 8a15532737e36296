namespace Fabric.Rpc.Server;

/// <summary>Keeps a public endpoint method from being callable over RPC.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RpcIgnoreAttribute : Attribute
{
}
