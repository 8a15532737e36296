namespace Fabric.Broker.Connections;

/// <summary>An awaited vhost or queue operation finished; the channel's suspended frames resume after it.</summary>
internal sealed class OperationCompleted(Task task)
{
    public Task Task { get; } = task;
}
