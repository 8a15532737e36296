using System.Buffers.Binary;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Rpc;

/// <summary>A caller channel's consumer of the amq.rabbitmq.reply-to pseudo-queue (no-ack, as direct reply-to
/// requires): the reply's body starts with the caller index and call sequence number, which complete the waiter.</summary>
internal sealed class DirectReplyReceiver(IChannel channel, ReplyWaiter[] waiters) : AsyncDefaultBasicConsumer(channel)
{
    public const int IdLength = 12;

    public long Unmatched;

    public static void WriteId(Span<byte> body, int caller, long sequence)
    {
        BinaryPrimitives.WriteInt32LittleEndian(body, caller);
        BinaryPrimitives.WriteInt64LittleEndian(body[4..], sequence);
    }

    public override Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange,
        string routingKey, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var reply = body.Span;
        int caller = reply.Length >= IdLength ? BinaryPrimitives.ReadInt32LittleEndian(reply) : -1;
        if ((uint)caller < (uint)waiters.Length)
            waiters[caller].Complete(BinaryPrimitives.ReadInt64LittleEndian(reply[4..]));
        else
            Interlocked.Increment(ref Unmatched);
        return Task.CompletedTask;
    }
}
