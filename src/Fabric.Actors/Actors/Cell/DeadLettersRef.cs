namespace Fabric.Actors.Cell;

/// <summary>Where undeliverable messages end up: published as <see cref="DeadLetter"/> on the event stream.</summary>
internal sealed class DeadLettersRef(ActorPath path, ActorSystem system) : InternalActorRef(path)
{
    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter letter) system.PublishDeadLetter(letter);
        else system.PublishDeadLetter(new DeadLetter(message, sender, this));
    }

    internal override void SendSystem(SystemMessage message) => system.HandleDeadSystemMessage(message, this);

    internal override bool IsTerminated => true;
}
