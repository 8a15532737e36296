namespace Fabric.Actors.Cell;

/// <summary>Posts await continuations of an actor's async handler back into the actor as system messages.</summary>
internal sealed class ActorSynchronizationContext(LocalActorRef self) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => self.SendSystem(new RunContinuation(d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send into an actor is not supported");

    public override SynchronizationContext CreateCopy() => this;
}
