namespace Fabric.Actors;

/// <summary>The fast path: one virtual call per message; call <see cref="ActorBase.Unhandled"/> yourself.</summary>
public abstract class UntypedActor : ActorBase
{
    protected abstract void OnReceive(object message);

    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }
}
