using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Broker.Contracts;
using Fabric.Broker.VirtualHosts;

namespace Fabric.Broker.Queues;

internal sealed partial class QueueActor
{
    // A deleted queue lingers this long, confirming publishes already on their way, before it stops.
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    private void DeleteRequested(QueueDeleteRequest request)
    {
        if (_engine.CheckDelete(request.IfUnused, request.IfEmpty) is { } error)
        {
            request.ReplyTo?.Tell(new Status.Failure(new AmqpProtocolException(error.ReplyCode, error.ReplyText,
                request.Method.ClassId, request.Method.Method)), Self);
            return;
        }
        DeleteSelf(request.ReplyTo);
    }

    /// <summary>
    /// Cancels the consumers, drops the content and reports to the vhost, which unregisters the queue and answers
    /// <paramref name="replyTo"/> with the message count. The actor then only confirms late publishes until it stops.
    /// </summary>
    private void DeleteSelf(IActorRef? replyTo)
    {
        CancelAllConsumers();
        var count = (uint)_engine.Delete();
        _deleted = true;
        Timers.CancelAll();
        var lastSequenceNr = DeleteStored();
        Context.Parent.Tell(new QueueRemoved(_name, Self, count, replyTo, lastSequenceNr), Self);
        Timers.StartSingleTimer(StopTick.Instance, StopTick.Instance, Linger);
    }

    private void OnReceiveDeleted(object message)
    {
        switch (message)
        {
            case QueuePublish m:
                // Routed before the delete was visible: RabbitMQ confirms such messages too.
                m.ConfirmTo?.Tell(new QueuePublishConfirmed(m.Channel, m.SeqNo, true), Self);
                break;
            case QueueConsume:
                Sender.Tell(new QueueReply(BrokerErrors.NoQueue(_name, _vhost.Name, ConsumeId)), Self);
                break;
            case QueueCancel:
                Sender.Tell(QueueReply.Ok, Self);
                break;
            case QueueGet:
                Sender.Tell(new QueueReply(BrokerErrors.NoQueue(_name, _vhost.Name, GetId)), Self);
                break;
            case QueueStatusRequest m:
                Context.Parent.Tell(m.Command, m.ReplyTo);
                break;
            case QueuePurgeRequest m:
                Context.Parent.Tell(m.Command, m.ReplyTo);
                break;
            case QueueDeleteRequest m:
                m.ReplyTo?.Tell(0u, Self);
                break;
            case StopTick:
                Context.Stop(Self);
                break;
        }
    }
}
