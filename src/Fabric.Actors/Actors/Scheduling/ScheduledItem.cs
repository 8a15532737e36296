namespace Fabric.Actors.Scheduling;

/// <summary>One pending send or action; cancellation only flags it (the timer thread skips and purges it).</summary>
internal sealed class ScheduledItem : ICancelable
{
    private readonly IActorRef? _receiver;
    private readonly object? _message;
    private readonly IActorRef? _sender;
    private readonly Action? _action;
    private volatile bool _cancelled;

    public ScheduledItem(long due, long interval, IActorRef receiver, object message, IActorRef? sender)
    {
        Due = due;
        Interval = interval;
        _receiver = receiver;
        _message = message;
        _sender = sender;
    }

    public ScheduledItem(long due, Action action)
    {
        Due = due;
        _action = action;
    }

    /// <summary>Stopwatch timestamp at which to run.</summary>
    public long Due { get; set; }

    /// <summary>Stopwatch ticks between runs; 0 for a single run.</summary>
    public long Interval { get; }

    public bool IsCancellationRequested => _cancelled;

    public void Cancel() => _cancelled = true;

    public void Run()
    {
        if (_cancelled) return;
        if (_action != null) _action();
        else _receiver!.Tell(_message!, _sender);
    }
}
