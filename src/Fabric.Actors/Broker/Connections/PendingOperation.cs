using Fabric.Amqp;

namespace Fabric.Broker.Connections;

/// <summary>
/// A vhost's or a queue's reply (a message) that a channel awaits; inbound frames wait until it arrives.
/// <see cref="OnResult"/> gets the reply message.
/// </summary>
internal sealed class PendingOperation(Channel channel, MethodId method, Action<object> onResult)
{
    public Channel Channel { get; } = channel;

    public MethodId Method { get; } = method;

    public Action<object> OnResult { get; } = onResult;
}
