using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Rpc;

/// <summary>Consumes the caller side's reply queue: matches each reply to its caller by msg id and acks it (oslo acks
/// replies too).</summary>
internal sealed class ReplyConsumer(IChannel channel, ReplyWaiter[] waiters) : AsyncDefaultBasicConsumer(channel)
{
    public long Unmatched;

    public override Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange,
        string routingKey, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        // Ack first: completing the waiter runs the caller's next call inline on this dispatcher.
        var ack = Channel.BasicAckAsync(deliveryTag, false, cancellationToken);
        if (!ack.IsCompletedSuccessfully) return AckThenCompleteAsync(ack, body);
        Complete(body.Span);
        return Task.CompletedTask;
    }

    private async Task AckThenCompleteAsync(ValueTask ack, ReadOnlyMemory<byte> body)
    {
        await ack;
        Complete(body.Span);
    }

    private void Complete(ReadOnlySpan<byte> reply)
    {
        int at = OsloEnvelope.MsgIdOffset(reply);
        if (at >= 0 && OsloEnvelope.TryReadMsgId(reply[at..], out int caller, out long sequence) && (uint)caller < (uint)waiters.Length)
            waiters[caller].Complete(sequence);
        else
            Interlocked.Increment(ref Unmatched);
    }
}
