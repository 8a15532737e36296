namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Declares N non-durable queues one after another on one channel (one round trip each): declares/s, broker
/// CPU per declare, and the broker's RSS per queue: settled RSS with the queues, less the lower of the settled RSS
/// before declaring and after deleting them (a garbage-collected broker may free earlier garbage meanwhile).</summary>
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
        bool deleted = false;
        try
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
            foreach (string q in warmUp)
            {
                await channel.QueueDeclareAsync(q, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancel);
                context.Progress.Tick();
            }
            await ScenarioCleanup.DeleteQueuesAsync(context, connection, warmUp);

            long? before = await context.SettledRssAsync(Settle);
            using var meter = context.Measure();
            foreach (string q in names)
            {
                await channel.QueueDeclareAsync(q, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancel);
                context.Progress.Tick();
            }
            var phase = meter.Stop();
            context.AddCost(phase, queues, "declare", "declares/s");
            long? with = await context.SettledRssAsync(Settle);
            await ScenarioCleanup.DeleteQueuesAsync(context, connection, names);
            deleted = true;
            context.AddRssPerItem("rss-per-queue", "broker RSS / queue", with, before, await context.SettledRssAsync(Settle), queues);
        }
        finally
        {
            if (!deleted) await ScenarioCleanup.DeleteQueuesAsync(context, connection, names);
        }
    }
}
