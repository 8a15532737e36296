namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Declares N non-durable queues one after another on one channel (one round trip each): declares/s, broker
/// CPU per declare, and the broker's RSS growth per queue (settled RSS before and after). Deletes them afterwards
/// (not measured).</summary>
internal sealed class QueuesScenario(int queues) : IScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public string Name => "queues";

    public async Task RunAsync(ScenarioContext context)
    {
        var cancel = context.Cancel;
        var connection = await context.ConnectAsync("queues");
        var warmUp = new string[Math.Max(10, queues / 50)];
        for (int i = 0; i < warmUp.Length; i++) warmUp[i] = $"fabric-bench.queues.w{i}";
        var names = new string[queues];
        for (int i = 0; i < queues; i++) names[i] = $"fabric-bench.queues.{i}";
        try
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
            foreach (string q in warmUp)
            {
                await channel.QueueDeclareAsync(q, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancel);
                context.Progress.Tick();
            }
            await ScenarioCleanup.DeleteQueuesAsync(connection, context.Cancel, warmUp);

            long? before = await context.SettledRssAsync(Settle);
            using var meter = context.Measure();
            foreach (string q in names)
            {
                await channel.QueueDeclareAsync(q, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancel);
                context.Progress.Tick();
            }
            var phase = meter.Stop();
            context.AddCost(phase, queues, "declare", "declares/s");
            if (before is { } b && await context.SettledRssAsync(Settle) is { } after)
                context.Add("rss-per-queue", "broker RSS / queue", (after - b) / 1024.0 / queues, "KB", higherIsBetter: false);
        }
        finally
        {
            await ScenarioCleanup.DeleteQueuesAsync(connection, context.Cancel, [.. warmUp, .. names]);
        }
    }
}
