using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Fabric.Persistence.Actors;

public abstract partial class PersistentActor
{
    private const long ProgressEvery = 100_000;
    private long _replayed;
    private long _recoveryStarted;

    private void StartRecovery()
    {
        _phase = Phase.Recovering;
        _recoveryStarted = Stopwatch.GetTimestamp();
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
                    LogProgress(replayed.Count);
                    break;
                case RecoveryFinished { Error: { } error }:
                    FailRecovery(error, null);
                    break;
                case RecoveryFinished finished:
                    LastSequenceNr = Math.Max(LastSequenceNr, finished.HighestSequenceNr);
                    _sequenceNr = LastSequenceNr;
                    _phase = Phase.Running;
                    if (_replayed >= ProgressEvery)
                        Log.LogInformation("Recovered '{PersistenceId}': {Events} events replayed in {Seconds:F1}s",
                            PersistenceId, _replayed, Stopwatch.GetElapsedTime(_recoveryStarted).TotalSeconds);
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

    /// <summary>Long recoveries log every <see cref="ProgressEvery"/> events.</summary>
    private void LogProgress(int count)
    {
        var before = _replayed;
        _replayed += count;
        if (_replayed / ProgressEvery != before / ProgressEvery)
            Log.LogInformation("Recovering '{PersistenceId}': {Events} events replayed so far", PersistenceId, _replayed);
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
