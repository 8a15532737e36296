namespace Fabric.Actors;

/// <summary>An actor's constructor, PreStart or PostRestart threw.</summary>
public sealed class ActorInitializationException(IActorRef actor, string message, Exception? cause)
    : Exception(message, cause)
{
    public IActorRef Actor { get; } = actor;
}
