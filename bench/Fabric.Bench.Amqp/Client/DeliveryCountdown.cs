using Fabric.Bench.Amqp.Measurement;

namespace Fabric.Bench.Amqp.Client;

/// <summary>Counts deliveries shared by one or more consumers and completes when a target is reached.
/// <see cref="Reset"/> arms it for the next round (warm-up, then the measured round).</summary>
internal sealed class DeliveryCountdown(ProgressCounter progress)
{
    private long _remaining;
    private TaskCompletionSource _done = NewSource();

    public long Received;

    public Task Completion => Volatile.Read(ref _done).Task;

    public void Reset(long target)
    {
        Volatile.Write(ref _done, NewSource());
        Interlocked.Exchange(ref _remaining, target);
    }

    public void Signal()
    {
        Interlocked.Increment(ref Received);
        progress.Tick();
        if (Interlocked.Decrement(ref _remaining) == 0) Volatile.Read(ref _done).TrySetResult();
    }

    public long Remaining => Interlocked.Read(ref _remaining);

    /// <summary>Waits for the target; on the hard timeout reports how far it got.</summary>
    public async Task WaitAsync(string what, CancellationToken cancel)
    {
        try
        {
            await Completion.WaitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{what}: {Remaining:N0} deliveries still missing at the time limit");
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
