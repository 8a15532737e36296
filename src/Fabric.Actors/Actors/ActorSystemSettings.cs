using Microsoft.Extensions.Logging;

namespace Fabric.Actors;

/// <summary>Settings of one actor system (plain record; HOCON binding is layered on top elsewhere).</summary>
public sealed record ActorSystemSettings
{
    public static readonly ActorSystemSettings Default = new();

    /// <summary>User messages an actor processes per turn before it yields its thread.</summary>
    public int Throughput { get; init; } = 30;

    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Scheduler resolution: items due within one tick fire together (null: 1 ms).</summary>
    public TimeSpan? SchedulerTick { get; init; }

    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool LogDeadLetters { get; init; } = true;

    /// <summary>Queue mailbox runs on the current worker's local queue (better locality for chatty actors).</summary>
    public bool PreferLocalQueue { get; init; } = true;

    public ILoggerFactory? LoggerFactory { get; init; }
}
