using Fabric.Actors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fabric.Persistence.Actors;

/// <summary>
/// An event-sourced actor (Akka.Persistence's shape). It first recovers: the latest snapshot is offered to
/// <see cref="ReceiveRecover"/> as a <see cref="SnapshotOffer"/>, then every later event, then
/// <see cref="RecoveryCompleted"/>; commands that arrive meanwhile wait. Commands then go to
/// <see cref="ReceiveCommand"/>, which persists events with <c>Persist</c>; the handler of an event runs (in the
/// actor, in call order) once its write is durable, and commands wait while a <c>Persist</c>/<c>PersistAll</c> is
/// in flight (<c>PersistAsync</c> does not make them wait). Writes of every actor are group-committed by the store.
/// The journal, snapshot store and serializers come from the system's <see cref="PersistenceExtension"/>.
/// Overrides of <see cref="PreRestart"/> must call the base (it gives back the commands that wait for a write).
/// </summary>
public abstract partial class PersistentActor : ActorBase, IWithUnboundedStash
{
    private enum Phase
    {
        WaitingToRecover,
        Recovering,
        Running,
        Stopped,
    }

    private Phase _phase;
    private PersistenceExtension? _persistence;
    private ILogger? _log;

    protected PersistentActor()
    {
        // Started by a message rather than in PreStart, so an override of PreStart cannot skip it, and rather than
        // here because PersistenceId may depend on fields the derived constructor has not set yet.
        Self.Tell(new RecoveryStart(this), null);
    }

    /// <summary>Identifies this actor's events and snapshots in the store; must stay the same across incarnations.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>Sequence number of the last event recovered or whose handler ran (0 when none).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>Sequence number of the snapshot recovered from, or of the last one saved successfully.</summary>
    public long SnapshotSequenceNr { get; private set; }

    /// <summary>True until <see cref="RecoveryCompleted"/> has been handled.</summary>
    public bool IsRecovering => _phase is Phase.WaitingToRecover or Phase.Recovering;

    /// <summary>How to recover (default: latest snapshot, then all later events).</summary>
    protected virtual Recovery Recovery => Recovery.Default;

    /// <summary>The system's persistence (journal, snapshot store, serializers).</summary>
    protected PersistenceExtension Persistence => _persistence ??= PersistenceExtension.For(Context.System);

    protected ILogger Log => _log ??= Context.System.LoggerFactory?.CreateLogger(GetType()) ?? NullLogger.Instance;

    /// <summary>Recovery: <see cref="SnapshotOffer"/>, replayed events, then <see cref="RecoveryCompleted"/>.</summary>
    protected abstract bool ReceiveRecover(object message);

    /// <summary>Commands, after recovery. Return false to pass the message to <see cref="ActorBase.Unhandled"/>.</summary>
    protected abstract bool ReceiveCommand(object message);

    protected sealed override bool Receive(object message)
    {
        switch (_phase)
        {
            case Phase.Running:
                return ReceiveWhileRunning(message);
            case Phase.WaitingToRecover:
                if (message is RecoveryStart start)
                {
                    if (ReferenceEquals(start.Owner, this)) StartRecovery();
                    return true;
                }
                return StashUnlessInternal(message);
            case Phase.Recovering:
                if (message is RecoveryMessage recovery)
                {
                    if (ReferenceEquals(recovery.Owner, this)) OnRecoveryMessage(recovery);
                    return true;
                }
                return StashUnlessInternal(message);
            default:
                return true; // stopping after a failed recovery: nothing more is handled
        }
    }

    private bool ReceiveWhileRunning(object message)
    {
        if (message is PendingInvocation invocation)
        {
            if (ReferenceEquals(invocation.Owner, this)) OnInvocationCompleted(invocation);
            return true;
        }
        if (message is RecoveryMessage) return true; // of an earlier incarnation
        if (_stashingInFlight > 0)
        {
            StashCommand();
            return true;
        }
        if (message is SaveSnapshotSuccess saved && saved.Metadata.SequenceNr > SnapshotSequenceNr
            && string.Equals(saved.Metadata.PersistenceId, PersistenceId, StringComparison.Ordinal))
            SnapshotSequenceNr = saved.Metadata.SequenceNr;
        bool handled;
        try
        {
            handled = ReceiveCommand(message);
        }
        catch
        {
            DiscardUnsubmitted();
            throw;
        }
        AfterHandlers();
        return handled;
    }

    /// <summary>Commands wait in the internal stash; completions of earlier incarnations are dropped.</summary>
    private bool StashUnlessInternal(object message)
    {
        if (message is not (PendingInvocation or RecoveryMessage)) StashCommand();
        return true;
    }
}
