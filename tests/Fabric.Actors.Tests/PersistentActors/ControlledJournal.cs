using Fabric.Persistence.Journal;

namespace Fabric.Actors.Tests.PersistentActors;

/// <summary>
/// A journal wrapper the test steers: hold callback writes until released, fail them as a store failure, or reject
/// them; hold replays until released, or fail them. Everything else goes straight to the real store.
/// </summary>
internal sealed class ControlledJournal(IJournal inner) : IJournal
{
    private readonly object _lock = new();
    private readonly List<(AtomicWrite Write, IAtomicWriteCallback Callback)> _held = new();
    private bool _holding;
    private int _failNext;
    private int _rejectNext;
    private TaskCompletionSource? _replayGate;
    private TaskCompletionSource _replayWaiting = NewSignal();
    private int _failReplays;

    /// <summary>Replays started so far.</summary>
    public int Replays { get; private set; }

    /// <summary>Replays wait (until <see cref="ReleaseReplays"/>); <see cref="ReplayWaiting"/> completes when one does.</summary>
    public void HoldReplays()
    {
        lock (_lock)
        {
            _replayGate ??= NewSignal();
            _replayWaiting = NewSignal();
        }
    }

    /// <summary>Completes when a replay waits at the gate of <see cref="HoldReplays"/>.</summary>
    public Task ReplayWaiting
    {
        get
        {
            lock (_lock) return _replayWaiting.Task;
        }
    }

    /// <summary>Lets the waiting replays go; with <paramref name="holdNext"/> later ones wait at a new gate.</summary>
    public void ReleaseReplays(bool holdNext = false)
    {
        TaskCompletionSource? gate;
        lock (_lock)
        {
            (gate, _replayGate) = (_replayGate, holdNext ? NewSignal() : null);
            if (holdNext) _replayWaiting = NewSignal();
        }
        gate?.TrySetResult();
    }

    /// <summary>The next <paramref name="count"/> replays fail as a store failure.</summary>
    public void FailNextReplays(int count)
    {
        lock (_lock) _failReplays = count;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int HeldCount
    {
        get
        {
            lock (_lock) return _held.Count;
        }
    }

    public void Hold()
    {
        lock (_lock) _holding = true;
    }

    /// <summary>Stops holding and passes the held writes on, in order.</summary>
    public void Release()
    {
        List<(AtomicWrite, IAtomicWriteCallback)> held;
        lock (_lock)
        {
            _holding = false;
            held = new(_held);
            _held.Clear();
        }
        foreach (var (write, callback) in held) inner.Write(write, callback);
    }

    /// <summary>Stops holding; stores the held writes newest first and reports each before storing the next.</summary>
    public async Task ReleaseNewestFirstAsync()
    {
        List<(AtomicWrite Write, IAtomicWriteCallback Callback)> held;
        lock (_lock)
        {
            _holding = false;
            held = new(_held);
            _held.Clear();
        }
        for (var i = held.Count - 1; i >= 0; i--)
        {
            await inner.WriteAsync(held[i].Write);
            held[i].Callback.OnWriteCompleted(held[i].Write, null);
        }
    }

    public void FailNext(int count)
    {
        lock (_lock) _failNext = count;
    }

    public void RejectNext(int count)
    {
        lock (_lock) _rejectNext = count;
    }

    public void Write(AtomicWrite write, IAtomicWriteCallback callback)
    {
        lock (_lock)
        {
            if (_failNext > 0)
            {
                _failNext--;
                Complete(write, callback, new IOException("injected store failure"));
                return;
            }
            if (_rejectNext > 0)
            {
                _rejectNext--;
                Complete(write, callback, new AtomicWriteRejectedException(
                    write.PersistenceId, write.LowestSequenceNr, write.HighestSequenceNr, new InvalidOperationException("injected rejection")));
                return;
            }
            if (_holding)
            {
                _held.Add((write, callback));
                return;
            }
        }
        inner.Write(write, callback);
    }

    public Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> batch) => inner.WriteAsync(batch);

    public Task WriteAsync(AtomicWrite write) => inner.WriteAsync(write);

    public async Task ReplayAsync(string persistenceId, long fromSeq, long toSeq, long max, Action<PersistentRepresentation> onEvent,
        CancellationToken cancellationToken = default)
    {
        Task gate;
        bool fail;
        lock (_lock)
        {
            Replays++;
            fail = _failReplays > 0;
            if (fail) _failReplays--;
            gate = _replayGate?.Task ?? Task.CompletedTask;
            if (_replayGate is not null) _replayWaiting.TrySetResult();
        }
        await gate.ConfigureAwait(false);
        if (fail) throw new IOException("injected store failure (replay)");
        await inner.ReplayAsync(persistenceId, fromSeq, toSeq, max, onEvent, cancellationToken).ConfigureAwait(false);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSeq = 0) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, fromSeq);

    public Task DeleteToAsync(string persistenceId, long toSeq) => inner.DeleteToAsync(persistenceId, toSeq);

    public Task<IReadOnlyList<string>> ReadPersistenceIdsAsync(string prefix) => inner.ReadPersistenceIdsAsync(prefix);

    private static void Complete(AtomicWrite write, IAtomicWriteCallback callback, Exception error) =>
        ThreadPool.QueueUserWorkItem(static s => s.callback.OnWriteCompleted(s.write, s.error), (write, callback, error), false);
}
