using Fabric.Actors.Cell;
using Fabric.Actors.Scheduling;
using Microsoft.Extensions.Logging;

namespace Fabric.Actors;

/// <summary>
/// A tree of actors: root guardian with /user (your actors) and /system below it, plus the scheduler, event stream
/// and dead letters they share. <see cref="Terminate"/> stops /user bottom-up, then /system.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _root;
    private readonly LocalActorRef _userGuardian;
    private readonly LocalActorRef _systemGuardian;
    private readonly ActorPath _tempRoot;
    private readonly TimerThreadScheduler _scheduler;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger? _logger;
    private int _terminating;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        _logger = settings.LoggerFactory?.CreateLogger("Fabric.Actors." + name);
        var rootPath = ActorPath.Root("fabric://" + name);
        _tempRoot = rootPath.Child("temp");
        EventStream = new EventStream();
        _scheduler = new TimerThreadScheduler(name, settings.SchedulerTick, ex => _logger?.LogError(ex, "Scheduled task failed"));
        DeadLetters = new DeadLettersRef(rootPath.Child("deadLetters"), this);
        _root = new ActorCell(this, rootPath, Props.Create<RootGuardian>(), null);
        _userGuardian = _root.ActorOfInternal(Props.Create<Guardian>(), "user");
        _systemGuardian = _root.ActorOfInternal(Props.Create<Guardian>(), "system");
        _root.Start();
    }

    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                throw new ArgumentException($"Invalid actor system name [{name}]: use letters, digits, '-' and '_'", nameof(name));
        return new ActorSystem(name, settings ?? ActorSystemSettings.Default);
    }

    public string Name { get; }

    public ActorSystemSettings Settings { get; }

    public ILoggerFactory? LoggerFactory => Settings.LoggerFactory;

    public IScheduler Scheduler => _scheduler;

    public EventStream EventStream { get; }

    public IActorRef DeadLetters { get; }

    public Task WhenTerminated => _terminated.Task;

    /// <summary>Creates a top-level actor under /user.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.Cell.ActorOfInternal(props, name);

    /// <summary>Creates an infrastructure actor under /system (stopped after all /user actors).</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.Cell.ActorOfInternal(props, name);

    public void Stop(IActorRef actor) => ActorRefs.Resolve(actor)?.SendSystem(new Cell.Terminate());

    /// <summary>Finds a live actor by "/user/a/b" or "fabric://name/user/a/b"; null if there is none.</summary>
    public IActorRef? ResolvePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!ActorPath.TryParse(path, out var address, out var elements)) return null;
        if (address != null && address != _root.SelfRef.Path.Address) return null;
        if (elements.Length == 1 && elements[0] == "deadLetters") return DeadLetters;
        var current = _root.SelfRef;
        foreach (var element in elements)
        {
            current = current.Cell.ChildRef(element);
            if (current == null) return null;
        }
        return current.IsTerminated ? null : current;
    }

    /// <summary>Stops all actors (children before parents) and completes <see cref="WhenTerminated"/>; idempotent.</summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0) _root.SelfRef.Tell(RootGuardian.TerminateSystem.Instance);
        return WhenTerminated;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Terminate().WaitAsync(Settings.ShutdownTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger?.LogWarning("Actor system {Name} did not terminate within {Timeout}", Name, Settings.ShutdownTimeout);
        }
    }

    public override string ToString() => $"ActorSystem({Name})";

    internal ActorPath TempPath(string name) => _tempRoot.Child(name);

    internal void OnRootTerminated()
    {
        _scheduler.Dispose();
        _terminated.TrySetResult();
    }

    internal void DeadLetterOf(object message, IActorRef? sender, IActorRef recipient) =>
        PublishDeadLetter(message as DeadLetter ?? new DeadLetter(message, sender, recipient));

    internal void PublishDeadLetter(DeadLetter letter)
    {
        EventStream.Publish(letter);
        if (Settings.LogDeadLetters && letter.Message is not IDeadLetterSuppression && _logger != null
            && _logger.IsEnabled(LogLevel.Information))
            _logger.LogInformation("Dead letter {MessageType} from {Sender} to {Recipient}",
                letter.Message.GetType().Name, letter.Sender?.Path.ToString() ?? "noSender", letter.Recipient.Path);
    }

    internal void PublishFailure(IActorRef actor, Exception cause, string description)
    {
        EventStream.Publish(new ActorFailure(actor, cause, description));
        _logger?.LogError(cause, "{Actor}: {Description}", actor.Path, description);
    }

    /// <summary>A system message reached a dead actor: a Watch is answered with Terminated at once.</summary>
    internal void HandleDeadSystemMessage(SystemMessage message, InternalActorRef deadActor)
    {
        if (message is Watch watch && ReferenceEquals(watch.Watchee, deadActor) && !ReferenceEquals(watch.Watcher, deadActor))
            watch.Watcher.SendSystem(new DeathWatchNotification(deadActor, deadActor is LocalActorRef));
    }
}
