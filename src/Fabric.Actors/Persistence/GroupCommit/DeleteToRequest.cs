namespace Fabric.Persistence.GroupCommit;

/// <summary>Delete a persistence id's events up to and including a sequence number.</summary>
internal sealed class DeleteToRequest : CompletionRequest
{
    internal DeleteToRequest(string persistenceId, long toSequenceNr)
    {
        PersistenceId = persistenceId;
        ToSequenceNr = toSequenceNr;
    }

    internal string PersistenceId { get; }

    internal long ToSequenceNr { get; }
}
