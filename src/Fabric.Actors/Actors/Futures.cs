using Fabric.Actors.Cell;

namespace Fabric.Actors;

/// <summary>Ask (request/reply as a Task) and PipeTo (a Task's outcome as a message).</summary>
public static class Futures
{
    /// <summary>Sends the message with a temporary reply ref as sender. A <see cref="Status.Failure"/> reply faults
    /// the task; no reply in time fails it with <see cref="AskTimeoutException"/>.</summary>
    public static Task<object> Ask(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        var system = ActorRefs.Resolve(receiver) is LocalActorRef local ? local.Cell.System : null;
        var limit = timeout ?? system?.Settings.AskTimeout ?? ActorSystemSettings.Default.AskTimeout;
        var promise = new PromiseRef(receiver, system);
        promise.Start(limit, cancellationToken);
        receiver.Tell(message, promise);
        return promise.Task;
    }

    public static async Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var reply = await receiver.Ask(message, timeout, cancellationToken).ConfigureAwait(false);
        return reply is T typed
            ? typed
            : throw new InvalidCastException($"Ask expected a reply of type {typeof(T).Name} but got {reply?.GetType().Name ?? "null"}");
    }

    /// <summary>When the task finishes, tells the recipient its result (or <see cref="Status.Failure"/>), mapped by the
    /// optional functions.</summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null,
        Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                object? reply = success != null ? success(t.Result) : t.Result;
                recipient.Tell(reply ?? new Status.Success(null), sender);
            }
            else
            {
                Exception cause = t.Exception?.InnerException ?? new TaskCanceledException(t);
                recipient.Tell(failure != null ? failure(cause) : new Status.Failure(cause), sender);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Like <see cref="PipeTo{T}"/> for a task without a result: success sends <see cref="Status.Success"/>.</summary>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null,
        Func<object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                recipient.Tell(success != null ? success() : new Status.Success(null), sender);
            }
            else
            {
                Exception cause = t.Exception?.InnerException ?? new TaskCanceledException(t);
                recipient.Tell(failure != null ? failure(cause) : new Status.Failure(cause), sender);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
