using Fabric.Actors.Cell;

namespace Fabric.Actors;

/// <summary>How a parent handles a failed child: a decider maps the exception to a <see cref="Directive"/>.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Initialization failures, Kill and death pacts stop the child; anything else restarts it.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>One-for-one, unlimited restarts, <see cref="DefaultDecider"/>.</summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, DefaultDecider);

    /// <summary>Stops any failing child.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, static _ => Directive.Stop);

    private protected SupervisorStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>-1: unlimited.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>Window for <see cref="MaxNrOfRetries"/>; infinite or zero: count over the child's whole life.</summary>
    public TimeSpan WithinTimeRange { get; }

    public Func<Exception, Directive> Decider { get; }

    /// <summary>False means escalate.</summary>
    internal bool HandleFailure(ActorCell parent, ChildEntry child, Exception cause)
    {
        var directive = Decider(cause);
        switch (directive)
        {
            case Directive.Resume:
                parent.PublishChildFailure(child.Ref, cause, directive);
                child.Ref.SendSystem(new Resume());
                return true;
            case Directive.Restart:
            case Directive.Stop:
                parent.PublishChildFailure(child.Ref, cause, directive);
                ProcessFailure(parent, directive == Directive.Restart, child, cause);
                return true;
            default:
                return false;
        }
    }

    private protected abstract void ProcessFailure(ActorCell parent, bool restart, ChildEntry failed, Exception cause);

    private protected static void RestartChild(ChildEntry child, Exception cause) => child.Ref.SendSystem(new Recreate(cause));

    private protected static void StopChild(ActorCell parent, ChildEntry child) => parent.Stop(child.Ref);
}
