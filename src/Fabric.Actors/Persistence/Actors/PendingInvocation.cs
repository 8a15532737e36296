using Fabric.Actors;
using Fabric.Persistence.Journal;

namespace Fabric.Persistence.Actors;

/// <summary>
/// One Persist / PersistAll / PersistAsync / DeferAsync call waiting for its handlers to run. It is its own journal
/// callback and, once the write is done, its own message to the actor (told with the sender of the command that
/// persisted, so <c>Sender</c> inside handlers is that command's sender). Handlers run strictly in call order.
/// </summary>
internal abstract class PendingInvocation : IAtomicWriteCallback
{
    private readonly IActorRef _self;

    protected PendingInvocation(PersistentActor owner, IActorRef self, IActorRef? sender, long firstSequenceNr, bool stashing)
    {
        Owner = owner;
        _self = self;
        Sender = sender;
        FirstSequenceNr = firstSequenceNr;
        Stashing = stashing;
    }

    /// <summary>The actor instance that persisted: completions reaching a later incarnation are ignored.</summary>
    internal PersistentActor Owner { get; }

    internal IActorRef? Sender { get; }

    internal long FirstSequenceNr { get; }

    /// <summary>Commands wait (stashed) until this invocation's handlers have run.</summary>
    internal bool Stashing { get; }

    /// <summary>Null for DeferAsync (nothing to write).</summary>
    internal AtomicWrite? Write { get; set; }

    /// <summary>The outcome of the write (set on the completing thread; read by the actor after the Tell).</summary>
    internal Exception? Error { get; private set; }

    /// <summary>Its completion message was seen by the actor while another invocation was still ahead of it.</summary>
    internal bool Arrived { get; set; }

    /// <summary>Re-queued at the front of the mailbox to run now that it is at the head.</summary>
    internal bool Redelivered { get; set; }

    internal abstract int Count { get; }

    internal abstract object EventAt(int index);

    internal abstract void InvokeHandler(int index);

    public void OnWriteCompleted(AtomicWrite write, Exception? error)
    {
        Error = error;
        _self.Tell(this, Sender);
    }
}

/// <summary>The typed half: the event(s) and the handler.</summary>
internal sealed class PendingInvocation<TEvent> : PendingInvocation
{
    private readonly TEvent _single;
    private readonly TEvent[]? _many;
    private readonly Action<TEvent> _handler;

    internal PendingInvocation(
        PersistentActor owner, IActorRef self, IActorRef? sender, long firstSequenceNr, bool stashing,
        TEvent single, TEvent[]? many, Action<TEvent> handler)
        : base(owner, self, sender, firstSequenceNr, stashing)
    {
        _single = single;
        _many = many;
        _handler = handler;
    }

    internal override int Count => _many?.Length ?? 1;

    internal override object EventAt(int index) => (_many is null ? _single : _many[index])!;

    internal override void InvokeHandler(int index) => _handler(_many is null ? _single : _many[index]);
}
