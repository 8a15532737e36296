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

    /// <summary>
    /// An idle actor told by a running turn runs right after that turn on the same thread (one per turn; others are
    /// queued to the pool as usual): a chain of actor hops costs no thread-pool wake-up per hop. Needs
    /// <see cref="PreferLocalQueue"/>. Only for systems whose actors never block their thread: an actor told by a
    /// turn that then blocks (e.g. on a reply from it) waits until that turn ends. The node's broker sets it.
    /// </summary>
    public bool HandOff { get; init; }

    /// <summary>
    /// With <see cref="HandOff"/>: how many idle actors told during one turn run after it on the same thread, in the
    /// order told (the rest are queued to the pool). Two covers a command that starts a child and replies to its
    /// sender (a queue declare) without waking a second worker; more keeps fan-out on one core.
    /// </summary>
    public int HandOffDepth { get; init; } = 2;

    public ILoggerFactory? LoggerFactory { get; init; }
}
