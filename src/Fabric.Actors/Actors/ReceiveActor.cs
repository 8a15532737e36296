namespace Fabric.Actors;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor (first match wins).
/// <see cref="ReceiveAsync{T}"/> handlers suspend the mailbox until their task completes; their awaits resume
/// inside the actor.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private List<Handler> _handlers = [];

    protected sealed override bool Receive(object message) => Dispatch(_handlers, message);

    protected void Receive<T>(Action<T> handler) => Receive(handler, null);

    protected void Receive<T>(Action<T> handler, Predicate<T>? when)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new ActionHandler<T>(handler, when));
    }

    /// <summary>The handler returns false to decline the message (the next handler is tried).</summary>
    protected void Receive<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new FuncHandler<T>(handler));
    }

    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new ActionHandler<object>(handler, null));
    }

    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? when = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new AsyncHandler<T>(this, handler, when));
    }

    /// <summary>Switches to the handlers that <paramref name="configure"/> registers (replacing the current behaviour).</summary>
    protected void Become(Action configure)
    {
        var saved = _handlers;
        var fresh = new List<Handler>();
        _handlers = fresh;
        try
        {
            configure();
        }
        finally
        {
            _handlers = saved;
        }
        Context.Become(new HandlerSet(fresh).Receive);
    }

    private static bool Dispatch(List<Handler> handlers, object message)
    {
        for (var i = 0; i < handlers.Count; i++)
            if (handlers[i].TryHandle(message)) return true;
        return false;
    }

    private sealed class HandlerSet(List<Handler> handlers)
    {
        public bool Receive(object message) => Dispatch(handlers, message);
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class ActionHandler<T>(Action<T> action, Predicate<T>? when) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (when != null && !when(typed))) return false;
            action(typed);
            return true;
        }
    }

    private sealed class FuncHandler<T>(Func<T, bool> func) : Handler
    {
        public override bool TryHandle(object message) => message is T typed && func(typed);
    }

    private sealed class AsyncHandler<T>(ReceiveActor actor, Func<T, Task> func, Predicate<T>? when) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (when != null && !when(typed))) return false;
            actor.Cell.RunAsyncHandler(func, typed);
            return true;
        }
    }
}
