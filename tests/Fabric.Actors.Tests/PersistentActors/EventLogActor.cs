using Fabric.Persistence.Actors;

namespace Fabric.Actors.Tests.PersistentActors;

/// <summary>A persistent list of strings; reports recovery and persistence callbacks to a probe.</summary>
internal sealed class EventLogActor(string persistenceId, IActorRef probe, string? poison = null) : PersistentActor
{
    private List<string> _events = new();

    public override string PersistenceId => persistenceId;

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                _events = Split((string)offer.Snapshot);
                probe.Tell(new Offered(offer.Metadata.SequenceNr, _events.ToArray()));
                return true;
            case string e:
                if (e == poison) throw new InvalidOperationException("poisoned event " + e);
                _events.Add(e);
                return true;
            case RecoveryCompleted:
                probe.Tell(new Recovered(_events.ToArray(), LastSequenceNr, SnapshotSequenceNr));
                return true;
            default:
                return false;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case PersistOne c:
                Persist(c.Event, Apply);
                return true;
            case PersistSeveral c when c.Atomic:
                PersistAll(c.Events, Apply);
                return true;
            case PersistSeveral c:
                foreach (var e in c.Events) Persist(e, Apply);
                return true;
            case PersistWithoutStash c:
                PersistAsync(c.Event, Apply);
                return true;
            case PersistThenDefer c:
                Persist(c.Event, Apply);
                DeferAsync(c.Deferred, d => Sender.Tell(new Deferred(d)));
                return true;
            case PersistNested c:
                Persist(c.Event, e =>
                {
                    Apply(e);
                    Persist(e + "-inner", Apply);
                });
                return true;
            case PersistThenThrow c:
                Persist(c.Event, Apply);
                throw new InvalidOperationException("command failed after Persist");
            case TakeSnapshot:
                SaveSnapshot(string.Join('\n', _events));
                return true;
            case DeleteUpTo c:
                DeleteMessages(c.SequenceNr);
                return true;
            case Ping:
                Sender.Tell(new Pong(_events.Count));
                return true;
            case GetState:
                Sender.Tell(new State(_events.ToArray(), LastSequenceNr, SnapshotSequenceNr));
                return true;
            case SaveSnapshotSuccess or SaveSnapshotFailure or DeleteMessagesSuccess or DeleteMessagesFailure:
                probe.Tell(message);
                return true;
            default:
                return false;
        }
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        probe.Tell(new PersistFailed(@event, sequenceNr));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        probe.Tell(new PersistRejected(@event, sequenceNr));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception cause, object? @event)
    {
        probe.Tell(new RecoveryFailed(cause.Message));
        base.OnRecoveryFailure(cause, @event);
    }

    private void Apply(string e)
    {
        _events.Add(e);
        Sender.Tell(new Persisted(e, LastSequenceNr));
    }

    private static List<string> Split(string snapshot) =>
        snapshot.Length == 0 ? new List<string>() : new List<string>(snapshot.Split('\n'));
}
