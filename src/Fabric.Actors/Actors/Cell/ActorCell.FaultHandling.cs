namespace Fabric.Actors.Cell;

internal sealed partial class ActorCell
{
    private object? _failedMessage;
    private Exception? _pendingRecreate;
    private SupervisorStrategy? _strategy;

    private void HandleCreate()
    {
        if (_state != StateCreating) return;
        _state = StateRunning;
        CreateInstance(null);
    }

    /// <summary>Builds a fresh instance and runs PreStart (or PostRestart); failures go to the parent.</summary>
    private bool CreateInstance(Exception? restartCause)
    {
        try
        {
            var actor = _props.NewActor(this);
            _actor = actor;
            ResetBehavior();
            if (actor is IWithUnboundedStash withStash) withStash.Stash = new UnboundedStash(this);
            if (actor is IWithTimers withTimers) withTimers.Timers = _timers ??= new TimerScheduler(this);
            if (restartCause == null) actor.InvokePreStart();
            else actor.InvokePostRestart(restartCause);
            return true;
        }
        catch (Exception ex)
        {
            _suspended = true;
            var cause = ex as ActorInitializationException
                        ?? new ActorInitializationException(_self, $"Exception while creating actor [{_self.Path}]: {ex.Message}", ex);
            SendFailed(cause);
            return false;
        }
    }

    private void HandleInvokeFailure(Exception cause)
    {
        if (_awaitingTask) EndAwaitingTask();
        if (_state != StateRunning)
        {
            PublishFailure(cause, "Failure while stopping");
            return;
        }
        _failedMessage = _currentMessage;
        _suspended = true;
        SendFailed(cause);
    }

    private void SendFailed(Exception cause)
    {
        if (_parent != null)
        {
            _parent.SendSystem(new Failed(_self, cause));
            return;
        }
        PublishFailure(cause, "The root guardian failed; stopping it");
        HandleTerminate();
    }

    private void HandleFailed(Failed failed)
    {
        var entry = FindChild(failed.Child);
        if (entry == null || entry.Stopping || _state != StateRunning) return;
        var strategy = _strategy ??= _props.SupervisorStrategy ?? _actor?.InvokeSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        if (strategy.HandleFailure(this, entry, failed.Cause)) return;
        // Escalate: fail as if our own Receive had thrown the child's exception.
        _failedMessage = null;
        _suspended = true;
        SendFailed(failed.Cause);
    }

    private void HandleResume()
    {
        if (!_suspended || _pendingRecreate != null) return;
        _suspended = false;
        _failedMessage = null;
        // Children left suspended by an escalated failure continue too.
        foreach (var entry in ChildEntries()) entry.Ref.SendSystem(new Resume());
    }

    private void HandleRecreate(Exception cause)
    {
        if (_state != StateRunning) return;
        _suspended = true;
        var actor = _actor;
        if (actor != null)
        {
            if (actor is IWithUnboundedStash { Stash: UnboundedStash stash }) stash.UnstashAll();
            try
            {
                actor.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception ex)
            {
                PublishFailure(ex, "PreRestart failed");
            }
        }
        _actor = null;
        _behavior = null;
        _failedMessage = null;
        StopReceiveTimeout();
        _timers?.CancelAll();
        if (HasStoppingChildren)
        {
            _pendingRecreate = cause; // finished when the last stopping child has terminated
            return;
        }
        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreate = null;
        _strategy = null;
        if (CreateInstance(cause)) _suspended = false;
    }

    private void HandleTerminate()
    {
        List<ChildEntry> children;
        lock (ChildrenLock)
        {
            if (_state >= StateTerminating) return;
            _state = StateTerminating;
        }
        children = ChildEntries();
        StopReceiveTimeout();
        _timers?.CancelAll();
        foreach (var entry in children)
        {
            entry.Stopping = true;
            entry.Ref.SendSystem(new Terminate());
        }
        if (children.Count == 0) FinishTerminate();
    }

    private void OnChildTerminated()
    {
        if (_state == StateTerminating)
        {
            if (!HasChildren) FinishTerminate();
        }
        else if (_pendingRecreate != null && !HasStoppingChildren)
        {
            FinishRecreate(_pendingRecreate);
        }
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        if (actor != null)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception ex)
            {
                PublishFailure(ex, "PostStop failed");
            }
            if (actor is IWithUnboundedStash { Stash: UnboundedStash stash }) stash.DropAllToDeadLetters();
        }
        _actor = null;
        _behavior = null;
        _awaitingTask = false;
        Volatile.Write(ref _state, StateTerminated);
        var remaining = _mailbox.Close();
        while (remaining != null)
        {
            var next = remaining.Next;
            remaining.Next = null;
            _system.HandleDeadSystemMessage(remaining, _self);
            remaining = next;
        }
        _mailbox.DrainToDeadLetters();
        UnwatchAll();
        _system.EventStream.UnsubscribeAll(_self);
        TellWatchersAndParent();
    }
}
