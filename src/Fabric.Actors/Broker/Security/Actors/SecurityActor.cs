using Fabric.Actors;
using Fabric.Broker.Security.Events;
using Fabric.Configuration;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Snapshot;

namespace Fabric.Broker.Security.Actors;

/// <summary>
/// /user/node/security: the event-sourced users, vhosts and permissions of the node (persistence id
/// <see cref="Id"/>). An empty store is seeded from <c>fabric.auth</c>; afterwards the store is the truth (unless
/// <c>reapply-at-start</c> applies the configured definitions at every start). Each change
/// is checked, persisted, applied, and the new state published to <see cref="AccessControl"/> before the asker hears
/// back. Every <c>snapshotAfter</c> events a snapshot replaces the events before it.
/// </summary>
internal sealed class SecurityActor : PersistentActor
{
    public const string Id = "security";

    private readonly AccessControl _access;
    private readonly AuthSettings _seeds;
    private readonly int _snapshotAfter;
    private readonly SecurityDefinitions _definitions = new();
    private bool _recoveredAnything;
    private bool _seeded;
    private readonly TaskCompletionSource<Exception> _recoveryFailed;
    private int _sinceSnapshot;

    /// <param name="recoveryFailed">Gets the cause when recovery fails (the actor then stops).</param>
    public SecurityActor(AccessControl access, AuthSettings seeds, int snapshotAfter, TaskCompletionSource<Exception> recoveryFailed)
    {
        _recoveryFailed = recoveryFailed;
        _access = access;
        _seeds = seeds;
        _snapshotAfter = snapshotAfter;
    }

    public override string PersistenceId => Id;

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: SecuritySnapshot snapshot }:
                _definitions.Restore(snapshot);
                _recoveredAnything = true;
                return true;
            case ISecurityEvent e:
                _definitions.Apply(e);
                _recoveredAnything = true;
                _sinceSnapshot++;
                return true;
            case RecoveryCompleted:
                _access.Publish(_definitions.ToState());
                // Deleted events leave the sequence number behind: a store that ever held definitions is not empty.
                _seeded = !_recoveredAnything && LastSequenceNr == 0;
                if (_seeded || _seeds.ReapplyAtStart) PersistAll(_definitions.EventsToApply(_seeds), OnSeeded);
                return true;
            default:
                return false;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case ChangeSecurity change:
                if (_definitions.Check(change.Event) is { } error)
                {
                    Sender.Tell(new Status.Failure(error), Self);
                    return true;
                }
                Persist(change.Event, OnChanged);
                return true;
            case GetSecurityState:
                Sender.Tell(new SecurityRecovered(_access.State, _seeded), Self);
                return true;
            case SaveSnapshotSuccess saved:
                DeleteMessages(saved.Metadata.SequenceNr);
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1, DateTimeOffset.MaxValue));
                return true;
            case SaveSnapshotFailure or DeleteMessagesSuccess or DeleteMessagesFailure or DeleteSnapshotsSuccess
                or DeleteSnapshotsFailure:
                return true; // a later snapshot tries again; the events are still there
            default:
                return false;
        }
    }

    /// <summary>The asker hears of the store failure at once; the actor then restarts and recovers from the journal.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistFailure(cause, @event, sequenceNr);
        Sender.Tell(new Status.Failure(cause), Self);
    }

    /// <summary>The journal refused the write (nothing changed): the asker hears why.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        Sender.Tell(new Status.Failure(cause), Self);
    }

    protected override void OnRecoveryFailure(Exception cause, object? @event)
    {
        base.OnRecoveryFailure(cause, @event);
        _recoveryFailed.TrySetResult(cause);
    }

    private void OnSeeded(ISecurityEvent e)
    {
        _definitions.Apply(e);
        _access.Publish(_definitions.ToState());
        CountForSnapshot();
    }

    private void OnChanged(ISecurityEvent e)
    {
        _definitions.Apply(e);
        var state = _definitions.ToState();
        _access.Publish(state);
        Sender.Tell(state, Self);
        CountForSnapshot();
    }

    private void CountForSnapshot()
    {
        if (_snapshotAfter <= 0 || ++_sinceSnapshot < _snapshotAfter) return;
        _sinceSnapshot = 0;
        SaveSnapshot(_definitions.ToSnapshot());
    }
}
