using Fabric.Actors.Cell;

namespace Fabric.Actors;

/// <summary>Base of every ref the kernel creates; adds the system-message channel.</summary>
public abstract class InternalActorRef : IActorRef
{
    private protected InternalActorRef(ActorPath path) => Path = path;

    public ActorPath Path { get; }

    public abstract void Tell(object message, IActorRef? sender = null);

    internal abstract void SendSystem(SystemMessage message);

    internal virtual bool IsTerminated => false;

    // Identity, not path: a new incarnation under the same name is a different actor.
    public bool Equals(IActorRef? other) => ReferenceEquals(this, ActorRefs.Resolve(other));

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public override string ToString() => $"Actor[{Path}]";
}
