namespace Fabric.Actors;

/// <summary>Published on the event stream for a message that could not be delivered.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);
