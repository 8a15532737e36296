using Fabric.Broker.Durability;
using Xunit;

namespace Fabric.Actors.Tests.Durability;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Restarts_in_a_row_wait_longer_up_to_the_cap_and_a_quiet_minute_starts_a_new_streak()
    {
        var backoff = new RestartBackoff();
        var now = 1_000L;
        var delays = new List<(int Streak, double Ms)>();
        for (var i = 0; i < 10; i++)
        {
            var delay = backoff.Next(now, out var streak);
            delays.Add((streak, delay.TotalMilliseconds));
            now += (long)delay.TotalMilliseconds + 50; // the reload, then the next failure soon after
        }
        Assert.Equal([(1, 0), (2, 100), (3, 200), (4, 400), (5, 800), (6, 1600), (7, 3200), (8, 6400), (9, 10_000), (10, 10_000)],
            delays);

        now += (long)RestartBackoff.StreakWindow.TotalMilliseconds + 1;
        Assert.Equal(TimeSpan.Zero, backoff.Next(now, out var fresh));
        Assert.Equal(1, fresh);
    }
}
