namespace Fabric.Actors;

public static class ActorRefs
{
    public static readonly IActorRef? NoSender = null;

    /// <summary>A ref that silently drops everything sent to it.</summary>
    public static readonly IActorRef Nobody = new NobodyRef();

    /// <summary>The kernel ref behind a ref or proxy; null for foreign implementations.</summary>
    internal static InternalActorRef? Resolve(IActorRef? actor)
    {
        for (var depth = 0; depth < 8 && actor != null; depth++)
        {
            if (actor is InternalActorRef internalRef) return internalRef;
            actor = (actor as IActorRefProxy)?.Underlying;
        }
        return null;
    }

    private sealed class NobodyRef : InternalActorRef
    {
        internal NobodyRef() : base(ActorPath.Root("fabric://nobody")) { }

        public override void Tell(object message, IActorRef? sender = null) { }

        internal override void SendSystem(Cell.SystemMessage message) { }
    }
}
