namespace Fabric.Persistence.Actors;

/// <summary>
/// Thrown inside a persistent actor whose journal write failed (the store failed, not a rejection): its
/// in-memory state can no longer be trusted, so it fails and its supervisor decides (restart: recover from the journal).
/// </summary>
public sealed class PersistFailureException : Exception
{
    public PersistFailureException(string persistenceId, long sequenceNr, Exception cause)
        : base($"Persisting event {sequenceNr} of '{persistenceId}' failed: {cause.Message}", cause)
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    public string PersistenceId { get; }

    public long SequenceNr { get; }
}
