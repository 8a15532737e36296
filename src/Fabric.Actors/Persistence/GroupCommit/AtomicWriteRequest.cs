using Fabric.Persistence.Journal;

namespace Fabric.Persistence.GroupCommit;

/// <summary>One atomic write; its task faults with <see cref="AtomicWriteRejectedException"/> when rejected.</summary>
internal sealed class AtomicWriteRequest : CompletionRequest
{
    internal AtomicWriteRequest(AtomicWrite write) => Write = write;

    internal AtomicWrite Write { get; }

    protected override Exception WrapRejection(Exception error) =>
        new AtomicWriteRejectedException(Write.PersistenceId, Write.LowestSequenceNr, Write.HighestSequenceNr, error);
}
