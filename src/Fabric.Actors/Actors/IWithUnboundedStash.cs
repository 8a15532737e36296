namespace Fabric.Actors;

/// <summary>Implement to get a stash; the kernel assigns <see cref="Stash"/> after construction (use it from PreStart on).
/// On restart the stash is unstashed into the mailbox; on stop its messages go to dead letters.</summary>
public interface IWithUnboundedStash
{
    IStash Stash { get; set; }
}
