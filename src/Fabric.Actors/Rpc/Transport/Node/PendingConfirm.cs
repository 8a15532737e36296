using Fabric.Amqp.Client;

namespace Fabric.Rpc.Transport.Node;

/// <summary>A publish waiting for the confirms of every queue it was routed to; any refusal fails it (as a nack).</summary>
internal sealed class PendingConfirm : TaskCompletionSource
{
    private readonly ulong _sequenceNumber;
    private int _remaining;
    private int _refused;

    public PendingConfirm(ulong sequenceNumber, int queues)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _sequenceNumber = sequenceNumber;
        _remaining = queues;
    }

    /// <summary>Records one queue's answer; true when it was the last one (the task is then complete).</summary>
    public bool Confirm(bool ack)
    {
        if (!ack)
        {
            Volatile.Write(ref _refused, 1);
        }

        if (Interlocked.Decrement(ref _remaining) != 0)
        {
            return false;
        }

        if (Volatile.Read(ref _refused) != 0)
        {
            TrySetException(new AmqpPublishNackedException(_sequenceNumber));
        }
        else
        {
            TrySetResult();
        }

        return true;
    }
}
