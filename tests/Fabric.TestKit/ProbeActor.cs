namespace Fabric.TestKit;

/// <summary>The actor behind a probe: queues everything it receives; watches on request.</summary>
internal sealed class ProbeActor(MessageQueue queue) : UntypedActor
{
    internal sealed record WatchRequest(IActorRef Subject, bool Watch);

    protected override void OnReceive(object message)
    {
        if (message is WatchRequest request)
        {
            if (request.Watch) Context.Watch(request.Subject);
            else Context.Unwatch(request.Subject);
            return;
        }
        queue.Add(new ReceivedMessage(message, Sender));
    }
}
