using Fabric.Bench.Amqp.Client;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>1 publisher connection → one queue → 1 consumer connection: the transient, ack and persistent rows.
/// Counts one message end to end: from the first publish of the round to the last delivery.</summary>
internal sealed class PointToPointScenario(string name, int messages, bool persistent, int confirmWindow, bool manualAck, ushort prefetch) : IScenario
{
    public string Name => name;

    public static PointToPointScenario Transient(int messages) => new("transient", messages, false, 0, false, 0);
    public static PointToPointScenario Ack(int messages) => new("ack", messages, false, 0, true, 100);
    public static PointToPointScenario Persistent(int messages) => new("persistent", messages, true, 512, true, 100);

    public async Task RunAsync(ScenarioContext context)
    {
        var cancel = context.Cancel;
        string queue = "fabric-bench." + name;
        var publishConnection = await context.ConnectAsync(name + "-pub");
        var consumeConnection = await context.ConnectAsync(name + "-con");
        var admin = await publishConnection.CreateChannelAsync(cancellationToken: cancel);
        await admin.QueueDeclareAsync(queue, durable: persistent, exclusive: false, autoDelete: false, cancellationToken: cancel);
        await admin.QueuePurgeAsync(queue, cancel);
        try
        {
            var consumeChannel = await consumeConnection.CreateChannelAsync(cancellationToken: cancel);
            if (prefetch > 0) await consumeChannel.BasicQosAsync(0, prefetch, false, cancel);
            var countdown = new DeliveryCountdown(context.Progress);
            await consumeChannel.BasicConsumeAsync(queue, autoAck: !manualAck, new CountingConsumer(consumeChannel, countdown, manualAck), cancel);
            var publisher = await Publisher.CreateAsync(publishConnection, persistent, confirmWindow, context.Progress, cancel);
            var exchange = new CachedString("");
            var routingKey = new CachedString(queue);

            var phase = await PublishRounds.WarmUpThenMeasureAsync(context, name, countdown, messages, 1,
                (n, c) => publisher.PublishAsync(exchange, routingKey, ScenarioContext.Body, n, c));
            context.AddCost(phase, messages, "msg", "msgs/s");
        }
        finally
        {
            await ScenarioCleanup.DeleteQueuesAsync(context, publishConnection, [queue]);
        }
    }
}
