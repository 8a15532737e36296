using Fabric.Actors.Cell;

namespace Fabric.Actors;

/// <summary>Applies the directive to all children of the parent when one fails.</summary>
public sealed class AllForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    : SupervisorStrategy(maxNrOfRetries, withinTimeRange, decider)
{
    public AllForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    private protected override void ProcessFailure(ActorCell parent, bool restart, ChildEntry failed, Exception cause)
    {
        var children = parent.ChildEntries();
        var allowed = restart;
        if (restart)
            foreach (var child in children)
                allowed &= child.Stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange);
        foreach (var child in children)
        {
            if (child.Stopping) continue;
            if (allowed) RestartChild(child, cause);
            else StopChild(parent, child);
        }
    }
}
