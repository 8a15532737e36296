using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Rpc;

/// <summary>The RPC server of RabbitMQ's tutorial with direct reply-to: acks each request and publishes the request's
/// body back (it carries the caller's id) through the default exchange to the request's reply_to address, with its
/// correlation id. Runs with dispatch concurrency 1, so one set of reply properties is enough.</summary>
internal sealed class DirectRpcServer(IChannel channel) : AsyncDefaultBasicConsumer(channel)
{
    private static readonly CachedString DefaultExchange = new("");
    private readonly BasicProperties _properties = new() { DeliveryMode = DeliveryModes.Transient };

    public long Malformed;

    public override async Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange,
        string routingKey, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        await Channel.BasicAckAsync(deliveryTag, false, cancellationToken);
        if (properties.ReplyTo is not { Length: > 0 } replyTo)
        {
            Interlocked.Increment(ref Malformed);
            return;
        }
        _properties.CorrelationId = properties.CorrelationId;
        await Channel.BasicPublishAsync(DefaultExchange, new CachedString(replyTo), false, _properties, body, cancellationToken);
    }
}
