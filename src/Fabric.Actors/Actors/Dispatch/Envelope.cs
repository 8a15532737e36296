namespace Fabric.Actors.Dispatch;

/// <summary>A user message and its sender as they sit in a mailbox (a struct: no allocation per Tell).</summary>
internal readonly struct Envelope(object message, IActorRef? sender)
{
    public readonly object Message = message;
    public readonly IActorRef? Sender = sender;
}
