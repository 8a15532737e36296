using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.Durability;

/// <summary>Progress lines of one queue's recovery: about every second while it runs, and a summary.</summary>
internal sealed class RecoveryProgress(string persistenceId, ILogger? logger)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _nextReport = Stopwatch.GetTimestamp() + (long)(QueueStore.ProgressEvery.TotalSeconds * Stopwatch.Frequency);

    public void Report(QueueRecovery recovery)
    {
        if (logger is null) return;
        var now = Stopwatch.GetTimestamp();
        if (now < _nextReport) return;
        _nextReport = now + (long)(QueueStore.ProgressEvery.TotalSeconds * Stopwatch.Frequency);
        var seconds = Stopwatch.GetElapsedTime(_started, now).TotalSeconds;
        logger.LogInformation(
            "recovering {PersistenceId}: {Messages} messages read ({Live} live, {Events} events) in {Seconds:F1} s, {Rate:N0} messages/s",
            persistenceId, recovery.MessagesRead, recovery.Count, recovery.Applied, seconds, recovery.MessagesRead / seconds);
    }

    public void Done(QueueRecovery recovery)
    {
        if (logger is null || recovery.Applied == 0) return;
        logger.LogInformation("recovered {PersistenceId}: {Messages} messages from {Events} events in {Elapsed} ms",
            persistenceId, recovery.Count, recovery.Applied, (long)Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
    }
}
