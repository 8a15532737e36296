namespace Fabric.Actors.Cell;

internal sealed partial class ActorCell
{
    private HashSet<InternalActorRef>? _watching;       // actors this one watches
    private HashSet<InternalActorRef>? _watchedBy;      // actors watching this one
    private HashSet<IActorRef>? _terminatedQueued;      // Terminated told to self, not yet received

    public IActorRef Watch(IActorRef subject)
    {
        var target = ActorRefs.Resolve(subject);
        if (target == null || ReferenceEquals(target, _self)) return subject;
        if ((_watching ??= []).Add(target)) target.SendSystem(new Watch(target, _self));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = ActorRefs.Resolve(subject);
        if (target == null || ReferenceEquals(target, _self)) return subject;
        if (_watching != null && _watching.Remove(target)) target.SendSystem(new Unwatch(target, _self));
        _terminatedQueued?.Remove(target);
        return subject;
    }

    private void HandleWatch(Watch watch)
    {
        // The parent is told of the death anyway (TellWatchersAndParent): no set entry for it.
        if (ReferenceEquals(watch.Watchee, _self) && !ReferenceEquals(watch.Watcher, _self)
            && !ReferenceEquals(watch.Watcher, _parent))
            (_watchedBy ??= []).Add(watch.Watcher);
    }

    private void HandleUnwatch(Unwatch unwatch) => _watchedBy?.Remove(unwatch.Watcher);

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching != null && _watching.Remove(actor) && _state < StateTerminating)
        {
            (_terminatedQueued ??= []).Add(actor);
            _self.Tell(new Terminated(actor, notification.ExistenceConfirmed), actor);
        }
        if (RemoveChild(actor)) OnChildTerminated();
    }

    /// <summary>True once per queued Terminated; false if the watch was dropped since (Unwatch).</summary>
    private bool TakeQueuedTerminated(IActorRef actor) => _terminatedQueued != null && _terminatedQueued.Remove(actor);

    private void TellWatchersAndParent()
    {
        if (_watchedBy != null)
        {
            foreach (var watcher in _watchedBy)
                if (!ReferenceEquals(watcher, _parent)) watcher.SendSystem(new DeathWatchNotification(_self, true));
            _watchedBy = null;
        }
        if (_parent != null) _parent.SendSystem(new DeathWatchNotification(_self, true));
        else _system.OnRootTerminated();
    }

    private void UnwatchAll()
    {
        if (_watching == null) return;
        foreach (var watchee in _watching) watchee.SendSystem(new Unwatch(watchee, _self));
        _watching = null;
        _terminatedQueued = null;
    }
}
