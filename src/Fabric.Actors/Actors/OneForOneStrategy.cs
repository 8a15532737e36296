using Fabric.Actors.Cell;

namespace Fabric.Actors;

/// <summary>Applies the directive to the failed child only.</summary>
public sealed class OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    : SupervisorStrategy(maxNrOfRetries, withinTimeRange, decider)
{
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    private protected override void ProcessFailure(ActorCell parent, bool restart, ChildEntry failed, Exception cause)
    {
        if (restart && failed.Stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange)) RestartChild(failed, cause);
        else StopChild(parent, failed);
    }
}
