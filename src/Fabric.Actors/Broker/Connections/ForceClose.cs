using Fabric.Actors;

namespace Fabric.Broker.Connections;

/// <summary>
/// The node is stopping (or the connection's user or vhost is deleted): close the connection with 320
/// CONNECTION_FORCED. Also told when the transport ends, which follows every normal close: a dead letter then is
/// expected and not logged.
/// </summary>
internal sealed class ForceClose(string reason) : IDeadLetterSuppression
{
    public string Reason { get; } = reason;
}
