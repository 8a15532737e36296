namespace Fabric.Broker.Connections;

/// <summary>The node is stopping: close the connection with 320 CONNECTION_FORCED.</summary>
internal sealed class ForceClose(string reason)
{
    public string Reason { get; } = reason;
}
