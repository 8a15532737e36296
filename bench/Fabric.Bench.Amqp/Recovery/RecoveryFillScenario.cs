using Fabric.Bench.Amqp.Client;
using Fabric.Bench.Amqp.Scenarios;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Recovery;

/// <summary>First half of the recovery scenario: fills the durable queue <see cref="Queue"/> with N persistent messages
/// (publisher confirms) and leaves them there for the restart.</summary>
internal sealed class RecoveryFillScenario(int messages) : IScenario
{
    public const string Queue = "fabric-bench.recovery";

    public string Name => "recovery-fill";

    public async Task RunAsync(ScenarioContext context)
    {
        var cancel = context.Cancel;
        var connection = await context.ConnectAsync("recovery-fill");
        var admin = await connection.CreateChannelAsync(cancellationToken: cancel);
        await admin.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancel);
        await admin.QueuePurgeAsync(Queue, cancel);
        var publisher = await Publisher.CreateAsync(connection, persistent: true, confirmWindow: 2048, context.Progress, cancel);
        using var meter = context.Measure();
        await publisher.PublishAsync(new CachedString(""), new CachedString(Queue), ScenarioContext.Body, messages, cancel);
        var phase = meter.Stop();
        context.Add("fill-throughput", "fill (persistent, confirmed)", messages / phase.Seconds, "msgs/s", higherIsBetter: true);
        var declared = await admin.QueueDeclarePassiveAsync(Queue, cancel);
        context.Add("queued", "messages queued", declared.MessageCount, "msgs", higherIsBetter: true);
        if (phase.RssAfterBytes is { } rss) context.Add("rss", "broker RSS at end", rss / 1048576.0, "MB", higherIsBetter: false);
        if (declared.MessageCount < messages)
            throw new InvalidOperationException($"only {declared.MessageCount:N0} of {messages:N0} messages are queued");
    }
}
