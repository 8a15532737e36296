namespace Fabric.Persistence.Journal;

/// <summary>
/// Told when an atomic write is durable or failed, on a thread-pool thread (never the writer's). The allocation-free
/// alternative to awaiting a task per write (what a persistent actor wants: implement once, tell self).
/// </summary>
public interface IAtomicWriteCallback
{
    /// <param name="write">The write submitted.</param>
    /// <param name="error">
    /// Null when stored; an <see cref="AtomicWriteRejectedException"/> when only this write was refused (the store is
    /// fine); any other exception when the store failed (nothing of the batch is known to be stored).
    /// </param>
    void OnWriteCompleted(AtomicWrite write, Exception? error);
}
