namespace Fabric.Rpc.Server;

/// <summary>
/// The namespace and version an endpoint class implements (oslo's endpoint <c>target</c>). Without it an endpoint
/// serves the null namespace at version 1.0.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RpcEndpointAttribute : Attribute
{
    public string? Namespace { get; init; }

    public string? Version { get; init; }
}
