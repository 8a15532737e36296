namespace Fabric.Actors;

/// <summary>An immutable handle to an actor; the only way to talk to it.</summary>
public interface IActorRef : IEquatable<IActorRef>
{
    ActorPath Path { get; }

    /// <summary>Queues the message; never blocks. A null sender means the current actor when called inside an actor's
    /// turn (as in Akka), the ambient sender where one is set (the test kit's TestActor), else no sender (replies
    /// go to dead letters). To send from inside an actor with no reply path, pass <see cref="ActorRefs.Nobody"/>.</summary>
    void Tell(object message, IActorRef? sender = null);
}
