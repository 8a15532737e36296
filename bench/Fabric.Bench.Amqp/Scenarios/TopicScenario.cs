using Fabric.Bench.Amqp.Client;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>A topic exchange with 10,000 bindings spread over 100 queues (binding b → queue b mod 100, key "t.b.*" for
/// even b and "t.b.#" for odd b), then 100k messages whose keys "t.k.e" match exactly one binding each.
/// Measures the binds (sequential, one round trip each) and the routed messages separately.</summary>
internal sealed class TopicScenario(int messages, int bindings = 10_000, int queues = 100) : IScenario
{
    private const string Exchange = "fabric-bench.topic";

    public string Name => "topic";

    public async Task RunAsync(ScenarioContext context)
    {
        await using var setup = await ConsumedExchange.DeclareAsync(context, Name, Exchange, ExchangeType.Topic, queues, bindingKey: null);
        await BindAsync(context, setup.PublishConnection, setup.Queues);

        var publisher = await setup.ConsumeAsync(queuesPerChannel: 25);
        var routingKeys = new CachedString[bindings];
        for (int k = 0; k < bindings; k++) routingKeys[k] = new CachedString($"t.{k}.e");

        var phase = await PublishRounds.WarmUpThenMeasureAsync(context, Name, setup.Countdown, messages, 1,
            (n, c) => publisher.PublishAsync(setup.Exchange, routingKeys, ScenarioContext.Body, n, c));
        context.AddCost(phase, messages, "msg", "msgs/s");
    }

    private async Task BindAsync(ScenarioContext context, IConnection connection, string[] names)
    {
        var cancel = context.Cancel;
        var admin = await connection.CreateChannelAsync(cancellationToken: cancel);
        using var meter = context.Measure();
        for (int b = 0; b < bindings; b++)
        {
            await admin.QueueBindAsync(names[b % queues], Exchange, b % 2 == 0 ? $"t.{b}.*" : $"t.{b}.#", cancellationToken: cancel);
            context.Progress.Tick();
        }
        var phase = meter.Stop();
        context.Add("bind-throughput", "binds", bindings / phase.Seconds, "binds/s", higherIsBetter: true);
        context.AddCpuPerOp(phase, bindings, "bind", "bind-cpu");
    }
}
