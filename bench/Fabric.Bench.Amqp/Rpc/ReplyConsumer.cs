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
        var span = body.Span;
        int at = OsloEnvelope.MsgIdOffset(span);
        if (at >= 0 && OsloEnvelope.TryReadMsgId(span[at..], out int caller, out long sequence) && (uint)caller < (uint)waiters.Length)
            waiters[caller].Complete(sequence);
        else
            Interlocked.Increment(ref Unmatched);
        var ack = Channel.BasicAckAsync(deliveryTag, false, cancellationToken);
        return ack.IsCompletedSuccessfully ? Task.CompletedTask : ack.AsTask();
    }
}
