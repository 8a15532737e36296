namespace Fabric.Actors;

/// <summary>The actor's view of itself and its surroundings; use only from inside the actor.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>Sender of the current message, or dead letters when there is none.</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    ActorSystem System { get; }

    IEnumerable<IActorRef> Children { get; }

    IActorRef? Child(string name);

    /// <summary>Creates a child; a name taken by a live sibling throws <see cref="InvalidActorNameException"/>.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    void Stop(IActorRef child);

    IActorRef Watch(IActorRef subject);

    IActorRef Unwatch(IActorRef subject);

    void Become(Receive handler, bool discardOld = true);

    void Unbecome();

    /// <summary>Delivers <see cref="ReceiveTimeout"/> after this much idle time; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    TimeSpan? ReceiveTimeout { get; }
}
