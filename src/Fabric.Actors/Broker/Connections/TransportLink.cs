using System.IO.Pipelines;

namespace Fabric.Broker.Connections;

/// <summary>What the read loop and the connection actor share: the pipes, the read gate and the end signal.</summary>
internal sealed class TransportLink(PipeReader input, PipeWriter output)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    private int _awaitingActor;

    public ReadGate Gate { get; } = new();

    /// <summary>The read loop is about to hand a buffer to the actor and wait for its decision.</summary>
    public void BeginHandOver()
    {
        Gate.Reset();
        Volatile.Write(ref _awaitingActor, 1);
    }

    /// <summary>Answers the read loop once per hand-over; false when it is not waiting (already answered).</summary>
    public bool TryAnswer(ReadDecision decision)
    {
        if (Interlocked.Exchange(ref _awaitingActor, 0) != 1)
        {
            return false;
        }

        Gate.Complete(decision);
        return true;
    }

    /// <summary>Completes when the connection actor has stopped.</summary>
    public Task Done => _done.Task;

    public void SignalDone() => _done.TrySetResult();
}
