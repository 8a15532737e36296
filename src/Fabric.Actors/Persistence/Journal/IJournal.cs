namespace Fabric.Persistence.Journal;

/// <summary>Event journal SPI. Thread-safe; writes of all callers are group-committed by one writer per store.</summary>
public interface IJournal
{
    /// <summary>
    /// Stores every atomic write of the batch; completes when the batch is durable. The result holds one entry per
    /// atomic write: null when stored, else an <see cref="AtomicWriteRejectedException"/> (only that write is lost).
    /// The task faults only when the store itself failed (then nothing of the batch is known to be stored).
    /// </summary>
    Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> batch);

    /// <summary>Stores one atomic write; faults with <see cref="AtomicWriteRejectedException"/> when it is rejected.</summary>
    Task WriteAsync(AtomicWrite write);

    /// <summary>Stores one atomic write and tells <paramref name="callback"/> the outcome (see <see cref="IAtomicWriteCallback"/>).</summary>
    void Write(AtomicWrite write, IAtomicWriteCallback callback);

    /// <summary>Calls <paramref name="onEvent"/> for stored events in [fromSeq, toSeq], ascending, at most <paramref name="max"/>.</summary>
    Task ReplayAsync(
        string persistenceId,
        long fromSeq,
        long toSeq,
        long max,
        Action<PersistentRepresentation> onEvent,
        CancellationToken cancellationToken = default);

    /// <summary>Highest sequence number ever stored for the id (also after deletes); 0 when none. fromSeq is a hint.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSeq = 0);

    /// <summary>Deletes the events up to and including toSeq (goes through the same writer as writes, in order).</summary>
    Task DeleteToAsync(string persistenceId, long toSeq);

    /// <summary>Every persistence id (with events, a delete mark, or a snapshot) that starts with the prefix.</summary>
    Task<IReadOnlyList<string>> ReadPersistenceIdsAsync(string prefix);
}
