using Fabric.Persistence.Journal;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>
/// A journal that holds back the callback-style writes (the queues' path) until <see cref="Open"/>: a write counts as
/// durable only when the gate lets its completion through.
/// </summary>
internal sealed class GatedJournal(IJournal inner) : IJournal
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int HeldWrites;

    public void Open() => _gate.TrySetResult();

    public void Write(AtomicWrite write, IAtomicWriteCallback callback)
    {
        Interlocked.Increment(ref HeldWrites);
        _gate.Task.ContinueWith(_ => inner.Write(write, callback), TaskScheduler.Default);
    }

    public Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> batch) => inner.WriteAsync(batch);

    public Task WriteAsync(AtomicWrite write) => inner.WriteAsync(write);

    public Task ReplayAsync(string persistenceId, long fromSeq, long toSeq, long max, Action<PersistentRepresentation> onEvent,
        CancellationToken cancellationToken = default) =>
        inner.ReplayAsync(persistenceId, fromSeq, toSeq, max, onEvent, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSeq = 0) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, fromSeq);

    public Task DeleteToAsync(string persistenceId, long toSeq) => inner.DeleteToAsync(persistenceId, toSeq);

    public Task<IReadOnlyList<string>> ReadPersistenceIdsAsync(string prefix) => inner.ReadPersistenceIdsAsync(prefix);
}
