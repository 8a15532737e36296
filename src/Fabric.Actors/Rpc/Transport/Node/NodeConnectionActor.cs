using Fabric.Actors;
using Fabric.Broker.Contracts;

namespace Fabric.Rpc.Transport.Node;

/// <summary>
/// What the queue actors see as the transport's connection: deliveries, server-side consumer cancels and publish
/// confirms arrive here and are handed on without waiting (listeners' pumps and publishers run on the thread pool).
/// It watches the queues that owe confirms: a queue that stops (deleted, or gone with the vhost) before answering
/// counts as an ack, as RabbitMQ confirms a publish whose queue went before it was enqueued (the message is dropped).
/// </summary>
internal sealed class NodeConnectionActor(NodeRpcTransport transport) : UntypedActor
{
    private readonly Dictionary<IActorRef, HashSet<ulong>> _owed = [];

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case QueueDeliver deliver:
                transport.OnDeliver(deliver);
                break;
            case ConfirmExpected expected:
                Expect(expected);
                break;
            case QueuePublishConfirmed confirmed:
                Settled(Sender, confirmed.SeqNo);
                transport.OnConfirmed(confirmed.SeqNo, confirmed.Ack);
                break;
            case Terminated terminated:
                QueueStopped(terminated.ActorRef);
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

    private void Expect(ConfirmExpected expected)
    {
        if (!_owed.TryGetValue(expected.Queue, out var owed))
        {
            owed = [];
            _owed[expected.Queue] = owed;
            // A queue that has stopped already answers the watch with Terminated at once.
            Context.Watch(expected.Queue);
        }

        owed.Add(expected.SeqNo);
    }

    private void Settled(IActorRef queue, ulong seqNo)
    {
        if (_owed.TryGetValue(queue, out var owed) && owed.Remove(seqNo) && owed.Count == 0)
        {
            _owed.Remove(queue);
            Context.Unwatch(queue);
        }
    }

    private void QueueStopped(IActorRef queue)
    {
        if (!_owed.Remove(queue, out var owed))
        {
            return;
        }

        foreach (ulong seqNo in owed)
        {
            transport.OnConfirmed(seqNo, ack: true);
        }
    }
}
