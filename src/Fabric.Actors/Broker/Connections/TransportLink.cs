using System.IO.Pipelines;

namespace Fabric.Broker.Connections;

/// <summary>What the read loop and the connection actor share: the pipes, the read gate and the end signal.</summary>
internal sealed class TransportLink(PipeReader input, PipeWriter output)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    public ReadGate Gate { get; } = new();

    /// <summary>Completes when the connection actor has stopped.</summary>
    public Task Done => _done.Task;

    public void SignalDone() => _done.TrySetResult();
}
