namespace Fabric.Persistence.Journal;

/// <summary>One atomic write was not stored (e.g. duplicate sequence number); the rest of its batch was.</summary>
public sealed class AtomicWriteRejectedException : Exception
{
    public AtomicWriteRejectedException(string persistenceId, long lowestSequenceNr, long highestSequenceNr, Exception cause)
        : base($"Atomic write of '{persistenceId}' [{lowestSequenceNr}..{highestSequenceNr}] was rejected: {cause.Message}", cause)
    {
        PersistenceId = persistenceId;
        LowestSequenceNr = lowestSequenceNr;
        HighestSequenceNr = highestSequenceNr;
    }

    public string PersistenceId { get; }

    public long LowestSequenceNr { get; }

    public long HighestSequenceNr { get; }
}
