using System.Diagnostics;

namespace Fabric.TestKit;

/// <summary>The innermost <c>Within</c> block's end, shared by a test kit and its probes.</summary>
internal sealed class Deadline
{
    private long? _end;

    public TimeSpan? Remaining => _end is { } end ? Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end) : null;

    /// <summary>Sets a deadline no later than the current one; returns the previous for restoring.</summary>
    public long? Push(TimeSpan max)
    {
        var previous = _end;
        var end = Stopwatch.GetTimestamp() + (long)(max.TotalSeconds * Stopwatch.Frequency);
        _end = previous is { } p && p < end ? p : end;
        return previous;
    }

    public void Pop(long? previous) => _end = previous;
}
