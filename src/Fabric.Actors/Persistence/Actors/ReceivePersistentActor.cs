namespace Fabric.Persistence.Actors;

/// <summary>
/// A <see cref="PersistentActor"/> whose recovery and command behaviours are typed handlers registered in its
/// constructor with <see cref="Recover{T}"/> and <see cref="Command{T}(Action{T}, Predicate{T}?)"/> (first match wins).
/// </summary>
public abstract class ReceivePersistentActor : PersistentActor
{
    private readonly List<TypedHandler> _recover = [];
    private readonly List<TypedHandler> _commands = [];

    protected void Recover<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _recover.Add(new TypedHandler<T>(handler, null));
    }

    protected void Command<T>(Action<T> handler, Predicate<T>? when = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _commands.Add(new TypedHandler<T>(handler, when));
    }

    protected void CommandAny(Action<object> handler) => Command(handler);

    protected sealed override bool ReceiveRecover(object message) => Dispatch(_recover, message);

    protected sealed override bool ReceiveCommand(object message) => Dispatch(_commands, message);

    private static bool Dispatch(List<TypedHandler> handlers, object message)
    {
        for (var i = 0; i < handlers.Count; i++)
            if (handlers[i].TryHandle(message)) return true;
        return false;
    }

    private abstract class TypedHandler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class TypedHandler<T>(Action<T> action, Predicate<T>? when) : TypedHandler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (when != null && !when(typed))) return false;
            action(typed);
            return true;
        }
    }
}
