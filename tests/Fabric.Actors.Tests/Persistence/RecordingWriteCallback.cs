using System.Collections.Concurrent;
using Fabric.Persistence.Journal;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>Collects write outcomes and the thread names they arrived on; completes when the expected count is in.</summary>
internal sealed class RecordingWriteCallback : IAtomicWriteCallback
{
    private readonly int _expected;
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    internal RecordingWriteCallback(int expected) => _expected = expected;

    internal ConcurrentQueue<(AtomicWrite Write, Exception? Error, string? Thread)> Outcomes { get; } = new();

    internal Task All => _all.Task;

    public void OnWriteCompleted(AtomicWrite write, Exception? error)
    {
        Outcomes.Enqueue((write, error, Thread.CurrentThread.Name));
        if (Interlocked.Increment(ref _count) == _expected) _all.TrySetResult();
    }
}
