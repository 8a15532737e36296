using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Scenarios;

namespace Fabric.Bench.Amqp.Tests;

public class StallWatchdogTests
{
    [Fact]
    public async Task A_scenario_that_stops_moving_is_cancelled_and_marked_stalled()
    {
        var progress = new ProgressCounter();
        using var cts = new CancellationTokenSource();
        using var watchdog = new StallWatchdog(progress, cts, TimeSpan.FromSeconds(1));
        progress.Tick();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(TimeSpan.FromSeconds(30), cts.Token));
        Assert.True(watchdog.Stalled);
    }

    [Fact]
    public void A_cancellation_from_elsewhere_is_not_a_stall()
    {
        var progress = new ProgressCounter();
        using var cts = new CancellationTokenSource();
        using var watchdog = new StallWatchdog(progress, cts, TimeSpan.FromMinutes(10));
        cts.Cancel();
        Assert.False(watchdog.Stalled);
    }
}
