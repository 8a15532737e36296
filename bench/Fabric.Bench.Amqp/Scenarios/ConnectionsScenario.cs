namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Opens N AMQP connections one after another and leaves them idle: opens/s, broker CPU per open, and the
/// broker's RSS growth per connection (measured after the connections sat idle for a moment).</summary>
internal sealed class ConnectionsScenario(int connections) : IScenario
{
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(2);

    public string Name => "connections";

    public async Task RunAsync(ScenarioContext context)
    {
        var cancel = context.Cancel;
        int warmUp = Math.Max(5, connections / 20);
        for (int i = 0; i < warmUp; i++)
        {
            var c = await context.ConnectAsync("warm-" + i);
            await c.CloseAsync(200, "warm-up done", TimeSpan.FromSeconds(10), false, cancel);
        }

        long? before = await context.SettledRssAsync(IdleSettle);
        using var meter = context.Measure();
        for (int i = 0; i < connections; i++)
        {
            await context.ConnectAsync("idle-" + i);
            context.Progress.Tick();
        }
        var phase = meter.Stop();
        context.AddCost(phase, connections, "open", "opens/s");

        // Idle connections: let the broker settle (buffers, timers) before reading what they hold.
        if (before is { } b && await context.SettledRssAsync(IdleSettle) is { } idle)
        {
            context.Add("rss-per-connection", "broker RSS / connection", (idle - b) / 1024.0 / connections, "KB", higherIsBetter: false);
            context.Add("rss-idle", "broker RSS with all open", idle / 1048576.0, "MB", higherIsBetter: false);
        }
    }
}
