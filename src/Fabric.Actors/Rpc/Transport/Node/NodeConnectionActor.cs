using Fabric.Actors;
using Fabric.Broker.Contracts;

namespace Fabric.Rpc.Transport.Node;

/// <summary>
/// What the queue actors see as the transport's connection: deliveries, server-side consumer cancels and publish
/// confirms arrive here and are handed on without waiting (listeners' pumps and publishers run on the thread pool).
/// </summary>
internal sealed class NodeConnectionActor(NodeRpcTransport transport) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case QueueDeliver deliver:
                transport.OnDeliver(deliver);
                break;
            case QueuePublishConfirmed confirmed:
                transport.OnConfirmed(confirmed);
                break;
            case QueueConsumerCancelled cancelled:
                transport.OnConsumerCancelled(cancelled);
                break;
            case QueueReply:
                // A late answer to a consume/cancel whose ask timed out.
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
