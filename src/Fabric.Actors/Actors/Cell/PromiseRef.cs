namespace Fabric.Actors.Cell;

/// <summary>The temporary sender of an Ask: not an actor, just a ref that completes a task on its first message.</summary>
internal sealed class PromiseRef : InternalActorRef
{
    private static readonly ActorPath TempRoot = ActorPath.Root("fabric://temp").Child("temp");
    private static long _counter;

    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IActorRef _target;
    private readonly ActorSystem? _system;
    private ICancelable? _timeout;
    private CancellationTokenRegistration _cancellation;
    private TimeSpan _limit;

    public PromiseRef(IActorRef target, ActorSystem? system)
        : base(system?.TempPath("$" + Interlocked.Increment(ref _counter)) ?? TempRoot.Child("$" + Interlocked.Increment(ref _counter)))
    {
        _target = target;
        _system = system;
    }

    public Task<object> Task => _promise.Task;

    internal void Start(TimeSpan limit, CancellationToken cancellationToken)
    {
        _limit = limit;
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.Register(static state => ((PromiseRef)state!).OnCancelled(), this);
        if (limit > TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
            _timeout = _system != null
                ? _system.Scheduler.ScheduleOnce(limit, OnTimeout)
                : new TimerCancelable(new Timer(static s => ((PromiseRef)s!).OnTimeout(), this, limit, Timeout.InfiniteTimeSpan));
    }

    public override void Tell(object message, IActorRef? sender = null)
    {
        var done = message is Status.Failure failure
            ? _promise.TrySetException(failure.Cause)
            : _promise.TrySetResult(message);
        if (done) Cleanup();
        else _system?.DeadLetterOf(message, sender, this);
    }

    internal override void SendSystem(SystemMessage message) { }

    internal override bool IsTerminated => _promise.Task.IsCompleted;

    private void OnTimeout()
    {
        if (_promise.TrySetException(new AskTimeoutException($"Ask to [{_target.Path}] timed out after {_limit}")))
            Cleanup();
    }

    private void OnCancelled()
    {
        if (_promise.TrySetCanceled()) Cleanup();
    }

    private void Cleanup()
    {
        _timeout?.Cancel();
        _cancellation.Dispose();
    }

    private sealed class TimerCancelable(Timer timer) : ICancelable
    {
        public bool IsCancellationRequested { get; private set; }

        public void Cancel()
        {
            IsCancellationRequested = true;
            timer.Dispose();
        }
    }
}
