namespace Fabric.Actors.Cell;

/// <summary>A child as its parent tracks it: ref, stop-in-progress flag and restart statistics.</summary>
internal sealed class ChildEntry(LocalActorRef child)
{
    public LocalActorRef Ref { get; } = child;

    public bool Stopping { get; set; }

    private ChildRestartStats? _stats;

    /// <summary>Created by the first failure: most children never fail.</summary>
    public ChildRestartStats Stats => _stats ??= new();
}
