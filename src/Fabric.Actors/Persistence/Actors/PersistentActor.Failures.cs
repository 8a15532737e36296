using Microsoft.Extensions.Logging;

namespace Fabric.Persistence.Actors;

public abstract partial class PersistentActor
{
    /// <summary>
    /// A write failed in the store (nothing of it is known to be stored). Default: log. Afterwards the actor fails
    /// with <see cref="PersistFailureException"/>, so its supervisor decides: restart recovers from the journal
    /// (the default strategy), stop ends it. Handlers of this and later pending events do not run.
    /// </summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Log.LogError(cause, "Failed to persist event {EventType} with sequence number {SequenceNr} of '{PersistenceId}'",
            @event.GetType().Name, sequenceNr, PersistenceId);

    /// <summary>
    /// The journal refused a write (e.g. duplicate sequence number); the store is fine and the actor continues.
    /// The event's handler does not run. Default: log.
    /// </summary>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Log.LogWarning(cause, "Rejected to persist event {EventType} with sequence number {SequenceNr} of '{PersistenceId}'",
            @event.GetType().Name, sequenceNr, PersistenceId);

    /// <summary>
    /// Recovery failed (store error, unreadable event, a recover handler threw); <paramref name="event"/> is the
    /// message being recovered, if any. Default: log. Afterwards the actor stops.
    /// </summary>
    protected virtual void OnRecoveryFailure(Exception cause, object? @event) =>
        Log.LogError(cause, "Recovery of '{PersistenceId}' failed while handling {EventType}",
            SafePersistenceId(), @event?.GetType().Name ?? "nothing");

    private string SafePersistenceId()
    {
        try
        {
            return PersistenceId;
        }
        catch (Exception)
        {
            return "?";
        }
    }
}
