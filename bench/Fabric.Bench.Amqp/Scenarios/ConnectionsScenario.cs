namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Opens N AMQP connections one after another and leaves them idle: opens/s, broker CPU per open, and the
/// broker's RSS per connection: settled RSS with the connections idle, less the lower of the settled RSS before
/// opening and after closing them.</summary>
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
        long? idle = await context.SettledRssAsync(IdleSettle);
        if (idle is { } rss) context.Add("rss-idle", "broker RSS with all open", rss / 1048576.0, "MB", higherIsBetter: false);
        await context.CloseConnectionsAsync();
        context.AddRssPerItem("rss-per-connection", "broker RSS / connection", idle, before, await context.SettledRssAsync(IdleSettle), connections);
    }
}
