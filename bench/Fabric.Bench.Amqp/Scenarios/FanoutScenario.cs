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
        await using var setup = await ConsumedExchange.DeclareAsync(context, Name, Exchange, ExchangeType.Fanout, queues, bindingKey: "");
        var publisher = await setup.ConsumeAsync(queuesPerChannel: 1);
        var routingKey = new CachedString("");

        var phase = await PublishRounds.WarmUpThenMeasureAsync(context, Name, setup.Countdown, messages, queues,
            (n, c) => publisher.PublishAsync(setup.Exchange, routingKey, ScenarioContext.Body, n, c));
        context.AddCost(phase, (long)messages * queues, "delivery", "deliveries/s");
    }
}
