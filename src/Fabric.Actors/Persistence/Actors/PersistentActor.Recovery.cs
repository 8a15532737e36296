namespace Fabric.Persistence.Actors;

public abstract partial class PersistentActor
{
    private void StartRecovery()
    {
        _phase = Phase.Recovering;
        PersistenceExtension persistence;
        string persistenceId;
        try
        {
            persistence = Persistence;
            persistenceId = PersistenceId ?? throw new InvalidOperationException($"{GetType().Name}.PersistenceId is null.");
        }
        catch (Exception e)
        {
            FailRecovery(e, null);
            return;
        }
        _ = new RecoveryReader(this, Self, persistence, persistenceId).RunAsync(Recovery);
    }

    private void OnRecoveryMessage(RecoveryMessage message)
    {
        object? current = null;
        try
        {
            switch (message)
            {
                case SnapshotLoaded loaded:
                    SnapshotSequenceNr = loaded.Metadata.SequenceNr;
                    LastSequenceNr = loaded.Metadata.SequenceNr;
                    current = loaded.Snapshot;
                    ReceiveRecover(new SnapshotOffer(loaded.Metadata, loaded.Snapshot));
                    break;
                case EventsReplayed replayed:
                    for (var i = 0; i < replayed.Count; i++)
                    {
                        var e = replayed.Events[i];
                        LastSequenceNr = e.SequenceNr;
                        current = e.Payload;
                        ReceiveRecover(e.Payload);
                    }
                    break;
                case RecoveryFinished { Error: { } error }:
                    FailRecovery(error, null);
                    break;
                case RecoveryFinished finished:
                    LastSequenceNr = Math.Max(LastSequenceNr, finished.HighestSequenceNr);
                    _sequenceNr = LastSequenceNr;
                    _phase = Phase.Running;
                    ReceiveRecover(RecoveryCompleted.Instance);
                    AfterHandlers();
                    break;
            }
        }
        catch (Exception e) when (_phase == Phase.Recovering)
        {
            FailRecovery(e, current);
        }
    }

    /// <summary>Recovery cannot go on: tell <see cref="OnRecoveryFailure"/>, then stop (commands go to dead letters).</summary>
    private void FailRecovery(Exception cause, object? @event)
    {
        _phase = Phase.Stopped;
        try
        {
            OnRecoveryFailure(cause, @event);
        }
        finally
        {
            Context.Stop(Self);
        }
    }
}
