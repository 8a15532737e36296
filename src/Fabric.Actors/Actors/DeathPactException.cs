namespace Fabric.Actors;

/// <summary>An actor did not handle the <see cref="Terminated"/> of an actor it watched.</summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"Monitored actor [{deadActor.Path}] terminated and the Terminated message was not handled")
{
    public IActorRef DeadActor { get; } = deadActor;
}
