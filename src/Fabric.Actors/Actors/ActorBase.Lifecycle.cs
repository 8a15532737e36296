namespace Fabric.Actors;

public abstract partial class ActorBase
{
    /// <summary>After construction, before the first message.</summary>
    protected virtual void PreStart() { }

    /// <summary>After the actor stopped (its children have stopped before).</summary>
    protected virtual void PostStop() { }

    /// <summary>On the failed instance before restart. Default: stop all children, then <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children) Context.Stop(child);
        PostStop();
    }

    /// <summary>On the fresh instance after restart. Default: <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
}
