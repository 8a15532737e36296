namespace Fabric.Rpc.Server;

/// <summary>Gives an endpoint method its RPC name (by default the snake_case of the C# name: BuildInstance → build_instance).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RpcMethodAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
