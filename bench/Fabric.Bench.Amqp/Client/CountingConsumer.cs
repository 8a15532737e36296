using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Client;

/// <summary>A consumer that counts deliveries into a <see cref="DeliveryCountdown"/>, acking each one when
/// <paramref name="manualAck"/> (the ack is written before the delivery counts, so the last ack is out when done).</summary>
internal sealed class CountingConsumer(IChannel channel, DeliveryCountdown countdown, bool manualAck) : AsyncDefaultBasicConsumer(channel)
{
    public override Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange,
        string routingKey, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (!manualAck)
        {
            countdown.Signal();
            return Task.CompletedTask;
        }
        var ack = Channel.BasicAckAsync(deliveryTag, multiple: false, cancellationToken);
        if (ack.IsCompletedSuccessfully)
        {
            countdown.Signal();
            return Task.CompletedTask;
        }
        return AckThenSignalAsync(ack);
    }

    private async Task AckThenSignalAsync(ValueTask ack)
    {
        await ack;
        countdown.Signal();
    }
}
