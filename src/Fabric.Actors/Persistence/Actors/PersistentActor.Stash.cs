using Fabric.Actors;
using Fabric.Actors.Cell;

namespace Fabric.Persistence.Actors;

public abstract partial class PersistentActor
{
    // The kernel's stash (assigned through IWithUnboundedStash) holds commands waiting for recovery or a Persist:
    // the kernel gives it back to the mailbox on restart and to dead letters on stop, whatever the overrides do.
    private IStash? _internalStash;
    private UnboundedStash? _userStash;

    IStash IWithUnboundedStash.Stash
    {
        get => InternalStash;
        set => _internalStash = value;
    }

    /// <summary>The actor's own stash (separate from the commands persistence makes wait).</summary>
    protected IStash Stash => _userStash ??= new UnboundedStash(Cell);

    private IStash InternalStash => _internalStash ??= new UnboundedStash(Cell);

    /// <summary>Gives the user stash back to the mailbox, then the default (stop children, PostStop).</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
        _userStash?.UnstashAll();
        base.PreRestart(reason, message);
    }
}
