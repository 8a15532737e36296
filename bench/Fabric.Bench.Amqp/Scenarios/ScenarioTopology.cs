using Fabric.Bench.Amqp.Client;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Shared setup of the multi-queue scenarios: numbered queue names, empty non-durable queues, and auto-ack
/// counting consumers spread over a few channels.</summary>
internal static class ScenarioTopology
{
    public static string[] QueueNames(string prefix, int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++) names[i] = $"{prefix}.{i}";
        return names;
    }

    /// <summary>Declares a non-durable exchange and the queues (purged), binding each queue with
    /// <paramref name="bindingKey"/> unless it is null.</summary>
    public static async Task DeclareAsync(IConnection connection, string exchange, string exchangeType, string[] queues,
        string? bindingKey, CancellationToken cancel)
    {
        var admin = await connection.CreateChannelAsync(cancellationToken: cancel);
        await admin.ExchangeDeclareAsync(exchange, exchangeType, durable: false, autoDelete: false, cancellationToken: cancel);
        foreach (string q in queues)
        {
            await admin.QueueDeclareAsync(q, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancel);
            await admin.QueuePurgeAsync(q, cancel);
            if (bindingKey is not null) await admin.QueueBindAsync(q, exchange, bindingKey, cancellationToken: cancel);
        }
    }

    /// <summary>One auto-ack <see cref="CountingConsumer"/> per queue, <paramref name="queuesPerChannel"/> per channel.</summary>
    public static async Task ConsumeAsync(IConnection connection, string[] queues, int queuesPerChannel, DeliveryCountdown countdown, CancellationToken cancel)
    {
        for (int first = 0; first < queues.Length; first += queuesPerChannel)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
            for (int i = first; i < Math.Min(queues.Length, first + queuesPerChannel); i++)
                await channel.BasicConsumeAsync(queues[i], autoAck: true, new CountingConsumer(channel, countdown, manualAck: false), cancel);
        }
    }
}
