namespace Fabric.Actors.Cell;

/// <summary>A kernel-internal message processed before any user message; each instance has one recipient.</summary>
internal abstract class SystemMessage
{
    internal SystemMessage? Next;
}

internal sealed class Create : SystemMessage;

internal sealed class Terminate : SystemMessage;

internal sealed class Resume : SystemMessage;

internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>Child to parent: the child failed and is suspended until the parent decides.</summary>
internal sealed class Failed(InternalActorRef child, Exception cause) : SystemMessage
{
    public InternalActorRef Child { get; } = child;
    public Exception Cause { get; } = cause;
}

internal sealed class Watch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;
    public InternalActorRef Watcher { get; } = watcher;
}

internal sealed class Unwatch(InternalActorRef watchee, InternalActorRef watcher) : SystemMessage
{
    public InternalActorRef Watchee { get; } = watchee;
    public InternalActorRef Watcher { get; } = watcher;
}

/// <summary>To watchers and to the parent: the actor has terminated.</summary>
internal sealed class DeathWatchNotification(InternalActorRef actor, bool existenceConfirmed) : SystemMessage
{
    public InternalActorRef Actor { get; } = actor;
    public bool ExistenceConfirmed { get; } = existenceConfirmed;
}

/// <summary>An await continuation of a ReceiveAsync handler, run inside the actor's turn.</summary>
internal sealed class RunContinuation(SendOrPostCallback callback, object? state) : SystemMessage
{
    public SendOrPostCallback Callback { get; } = callback;
    public object? State { get; } = state;
}

/// <summary>The task of a ReceiveAsync handler has finished; the mailbox may resume user messages.</summary>
internal sealed class AsyncCompleted(Task task) : SystemMessage
{
    public Task Task { get; } = task;
}
