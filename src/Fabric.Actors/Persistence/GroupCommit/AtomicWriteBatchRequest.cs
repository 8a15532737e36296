using Fabric.Persistence.Journal;

namespace Fabric.Persistence.GroupCommit;

/// <summary>A caller's batch of atomic writes; the result lists one rejection (or null) per atomic write.</summary>
internal sealed class AtomicWriteBatchRequest : WriteRequest
{
    private readonly TaskCompletionSource<IReadOnlyList<Exception?>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Exception?[] _results;

    internal AtomicWriteBatchRequest(IReadOnlyList<AtomicWrite> writes)
    {
        Writes = writes;
        _results = new Exception?[writes.Count];
    }

    internal IReadOnlyList<AtomicWrite> Writes { get; }

    internal Task<IReadOnlyList<Exception?>> Task => _completion.Task;

    internal override int UnitCount => Writes.Count;

    internal override void Reject(int unit, Exception error)
    {
        var w = Writes[unit];
        _results[unit] = new AtomicWriteRejectedException(w.PersistenceId, w.LowestSequenceNr, w.HighestSequenceNr, error);
    }

    internal override void Complete() => _completion.TrySetResult(_results);

    internal override void Fail(Exception error) => _completion.TrySetException(error);
}
