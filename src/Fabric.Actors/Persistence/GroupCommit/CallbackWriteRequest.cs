using Fabric.Persistence.Journal;

namespace Fabric.Persistence.GroupCommit;

/// <summary>One atomic write reported to a callback; the request itself is the thread-pool work item (no allocation).</summary>
internal sealed class CallbackWriteRequest : WriteRequest, IThreadPoolWorkItem
{
    private readonly AtomicWrite _write;
    private readonly IAtomicWriteCallback _callback;
    private Exception? _error;

    internal CallbackWriteRequest(AtomicWrite write, IAtomicWriteCallback callback)
    {
        _write = write;
        _callback = callback;
    }

    internal AtomicWrite Write => _write;

    internal override void Reject(int unit, Exception error) =>
        _error = new AtomicWriteRejectedException(_write.PersistenceId, _write.LowestSequenceNr, _write.HighestSequenceNr, error);

    internal override void Complete() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    internal override void Fail(Exception error)
    {
        _error = error;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => _callback.OnWriteCompleted(_write, _error);
}
