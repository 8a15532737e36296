namespace Fabric.Broker.Durability;

/// <summary>
/// The pause before a restarted durable queue reloads: none after a first failure, then 100 ms doubling up to 10 s
/// while restarts follow each other within <see cref="StreakWindow"/> (a store that keeps failing, or a message that
/// fails every turn, must not make the queue spin re-reading its journal).
/// </summary>
internal sealed class RestartBackoff
{
    /// <summary>Restarts closer together than this count as one streak.</summary>
    internal static readonly TimeSpan StreakWindow = TimeSpan.FromMinutes(1);

    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private int _streak;
    private long _lastMs;

    /// <summary>A restart at <paramref name="nowMs"/> (monotonic ms): its pause and its place in the streak (1 = first).</summary>
    public TimeSpan Next(long nowMs, out int streak)
    {
        _streak = _streak == 0 || nowMs - _lastMs > (long)StreakWindow.TotalMilliseconds ? 1 : _streak + 1;
        _lastMs = nowMs;
        streak = _streak;
        if (streak == 1) return TimeSpan.Zero;
        var ms = FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(streak - 2, 16));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxRetryDelay.TotalMilliseconds));
    }
}
