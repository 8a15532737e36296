namespace Fabric.Actors;

/// <summary>An immutable handle to an actor; the only way to talk to it.</summary>
public interface IActorRef : IEquatable<IActorRef>
{
    ActorPath Path { get; }

    void Tell(object message, IActorRef? sender = null);
}
