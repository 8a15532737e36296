using Fabric.Bench.Amqp.Client;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>1 publisher → a fanout exchange bound to 10 queues → 10 auto-ack consumers (one channel each).
/// Figures per delivery (10 per published message).</summary>
internal sealed class FanoutScenario(int messages, int queues = 10) : IScenario
{
    private const string Exchange = "fabric-bench.fanout";

    public string Name => "fanout";

    public async Task RunAsync(ScenarioContext context)
    {
        var cancel = context.Cancel;
        var names = ScenarioTopology.QueueNames(Exchange, queues);
        var publishConnection = await context.ConnectAsync("fanout-pub");
        var consumeConnection = await context.ConnectAsync("fanout-con");
        try
        {
            await ScenarioTopology.DeclareAsync(publishConnection, Exchange, ExchangeType.Fanout, names, bindingKey: "", cancel);
            var countdown = new DeliveryCountdown(context.Progress);
            await ScenarioTopology.ConsumeAsync(consumeConnection, names, queuesPerChannel: 1, countdown, cancel);
            var publisher = await Publisher.CreateAsync(publishConnection, persistent: false, confirmWindow: 0, context.Progress, cancel);
            var exchange = new CachedString(Exchange);
            var routingKey = new CachedString("");

            var phase = await PublishRounds.WarmUpThenMeasureAsync(context, Name, countdown, messages, queues,
                (n, c) => publisher.PublishAsync(exchange, routingKey, ScenarioContext.Body, n, c));
            context.AddCost(phase, (long)messages * queues, "delivery", "deliveries/s");
        }
        finally
        {
            await ScenarioCleanup.DeleteQueuesAsync(context, publishConnection, names, [Exchange]);
        }
    }
}
