using Fabric.Actors.Cell;

namespace Fabric.Actors;

/// <summary>Base of all actors: a behaviour plus lifecycle hooks, run one message at a time by its cell.</summary>
public abstract partial class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Constructing
                ?? throw new InvalidOperationException("Actors are created by ActorOf(Props), not with new");
    }

    protected IActorRef Self => _cell.Self;

    /// <summary>Sender of the current message (dead letters when none).</summary>
    protected IActorRef Sender => _cell.Sender;

    protected IActorContext Context => _cell;

    /// <summary>Handles a message; returning false passes it to <see cref="Unhandled"/>.</summary>
    protected abstract bool Receive(object message);

    /// <summary>Default: an unhandled <see cref="Terminated"/> throws <see cref="DeathPactException"/>;
    /// anything else is published as <see cref="UnhandledMessage"/>.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated) throw new DeathPactException(terminated.ActorRef);
        _cell.System.EventStream.Publish(new UnhandledMessage(message, _cell.CurrentSender, _cell.Self));
    }

    /// <summary>The strategy this actor applies to its failing children.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.DefaultStrategy;

    internal ActorCell Cell => _cell;

    internal bool InvokeReceive(object message) => Receive(message);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal SupervisorStrategy InvokeSupervisorStrategy() => SupervisorStrategy();
}
