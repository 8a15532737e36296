using Fabric.Actors.Dispatch;

namespace Fabric.Actors.Cell;

/// <summary>The ref of an actor in this process: Tell enqueues into its mailbox without locking.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    private readonly Mailbox _mailbox;

    internal LocalActorRef(ActorPath path, ActorCell cell, Mailbox mailbox) : base(path)
    {
        Cell = cell;
        _mailbox = mailbox;
    }

    internal ActorCell Cell { get; }

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        _mailbox.Post(message, sender ?? ImplicitSender.Current);
    }

    /// <summary>Tell that runs the actor's turn on the calling thread when it is idle (see Mailbox.PostAndRun).</summary>
    internal void TellAndRun(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _mailbox.PostAndRun(message, sender);
    }

    internal override void SendSystem(SystemMessage message)
    {
        if (!_mailbox.PostSystem(message)) Cell.System.HandleDeadSystemMessage(message, this);
    }

    internal override bool IsTerminated => Cell.IsTerminated;
}
