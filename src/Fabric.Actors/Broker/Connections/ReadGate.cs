using System.Threading.Tasks.Sources;

namespace Fabric.Broker.Connections;

/// <summary>
/// The hand-over between the socket read loop and the connection actor, reused for every read (no allocation):
/// the loop tells the actor a buffer, then awaits <see cref="WaitAsync"/> until the actor has parsed what it could;
/// only then does the loop advance the pipe, so frames are parsed in place and a slow actor slows the reader.
/// The loop's continuation runs inline on the thread that completes the gate (the actor's, at the end of its parse):
/// it only advances the pipe, starts the next read and tells the actor the next buffer, so it saves a thread-pool
/// hop per read without blocking the actor.
/// </summary>
internal sealed class ReadGate : IValueTaskSource<ReadDecision>
{
    private ManualResetValueTaskSourceCore<ReadDecision> _core = new() { RunContinuationsAsynchronously = false };

    public ValueTask<ReadDecision> WaitAsync() => new(this, _core.Version);

    public void Reset() => _core.Reset();

    public void Complete(ReadDecision decision) => _core.SetResult(decision);

    public ReadDecision GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
