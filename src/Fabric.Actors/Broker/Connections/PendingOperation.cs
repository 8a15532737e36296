using Fabric.Amqp;

namespace Fabric.Broker.Connections;

/// <summary>
/// A vhost operation (a task) or a queue's reply (a message) that a channel awaits; inbound frames wait until it
/// completes. <see cref="OnResult"/> gets the completed task or the reply message.
/// </summary>
internal sealed class PendingOperation(Channel channel, MethodId method, Action<object> onResult)
{
    public Channel Channel { get; } = channel;

    public MethodId Method { get; } = method;

    public Action<object> OnResult { get; } = onResult;
}
