using Fabric.Actors;
using Fabric.Actors.Cell;
using Fabric.Actors.Dispatch;

namespace Fabric.Persistence.Actors;

public abstract partial class PersistentActor
{
    // Commands waiting for recovery or a Persist. Not the kernel's stash: that one refuses the same message object
    // twice in a row, and singleton commands (Tick.Instance) legitimately arrive twice while a write is in flight.
    private readonly List<Envelope> _waitingCommands = new();
    private IStash? _stash;

    IStash IWithUnboundedStash.Stash
    {
        get => Stash;
        set => _stash = value;
    }

    /// <summary>The actor's own stash (the kernel gives it back to the mailbox on restart, as for any actor).</summary>
    protected IStash Stash => _stash ??= new UnboundedStash(Cell);

    /// <summary>Gives the commands that were waiting back to the mailbox, then the default (stop children, PostStop).</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
        UnstashWaitingCommands();
        base.PreRestart(reason, message);
    }

    private void StashCommand() =>
        _waitingCommands.Add(new Envelope(Cell.CurrentMessage!, Cell.CurrentSender));

    private void UnstashWaitingCommands()
    {
        if (_waitingCommands.Count == 0) return;
        Cell.Mailbox.Prepend(_waitingCommands);
        _waitingCommands.Clear();
    }
}
