namespace Fabric.Actors.Cell;

internal sealed partial class ActorCell
{
    private ActorSynchronizationContext? _syncContext;

    /// <summary>Runs an async handler; while its task is pending, user messages wait and awaits resume in the actor.</summary>
    internal void RunAsyncHandler<T>(Func<T, Task> handler, T message)
    {
        var task = RunInActorContext(handler, message);
        if (task.IsCompleted)
        {
            if (task.IsFaulted || task.IsCanceled) task.GetAwaiter().GetResult(); // rethrow: normal failure path
            return;
        }
        _awaitingTask = true;
        task.ContinueWith(
            static (t, state) => ((LocalActorRef)state!).SendSystem(new AsyncCompleted(t)),
            _self, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private Task RunInActorContext<T>(Func<T, Task> handler, T message)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext ??= new ActorSynchronizationContext(_self));
        try
        {
            return handler(message);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void RunContinuation(RunContinuation continuation)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext ??= new ActorSynchronizationContext(_self));
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void HandleAsyncCompleted(AsyncCompleted completed)
    {
        if (!_awaitingTask) return;
        var task = completed.Task;
        if (task.IsFaulted || task.IsCanceled)
        {
            var cause = task.Exception?.InnerException ?? new TaskCanceledException(task);
            HandleInvokeFailure(cause);
        }
        EndAwaitingTask();
    }

    private void EndAwaitingTask()
    {
        _awaitingTask = false;
        _currentMessage = null;
        _currentSender = null;
    }
}
