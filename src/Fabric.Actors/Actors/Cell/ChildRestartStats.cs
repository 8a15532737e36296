using System.Diagnostics;

namespace Fabric.Actors.Cell;

/// <summary>Counts a child's restarts within the strategy's time window.</summary>
internal sealed class ChildRestartStats
{
    private int _retries;
    private long _windowStart;

    /// <summary>True if one more restart is allowed; -1 retries means unlimited, a non-positive window means "ever".</summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan withinTimeRange)
    {
        if (maxNrOfRetries < 0) return true;
        if (maxNrOfRetries == 0) return false;
        if (withinTimeRange <= TimeSpan.Zero || withinTimeRange == Timeout.InfiniteTimeSpan)
            return ++_retries <= maxNrOfRetries;
        var now = Stopwatch.GetTimestamp();
        if (_retries == 0 || Stopwatch.GetElapsedTime(_windowStart, now) > withinTimeRange)
        {
            _windowStart = now;
            _retries = 1;
            return true;
        }
        return ++_retries <= maxNrOfRetries;
    }
}
