using Fabric.Actors.Dispatch;
using Fabric.Persistence.Journal;

namespace Fabric.Persistence.Actors;

public abstract partial class PersistentActor
{
    // Invocations in call order; the head's handlers run first. Only the actor's thread touches these.
    private readonly Queue<PendingInvocation> _pending = new();
    // Persist/DeferAsync calls of the current command or handler; written to the journal when it returns normally.
    private readonly List<PendingInvocation> _unsubmitted = new();
    private int _stashingInFlight;
    private long _sequenceNr;

    /// <summary>
    /// Persists the event; <paramref name="handler"/> runs once it is durable. Commands received until then wait.
    /// The handler sees <c>Sender</c> of the command that persisted.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(handler);
        Enqueue(new PendingInvocation<TEvent>(this, Self, Sender, NextSequenceNr(1), true, @event, null, handler), true);
    }

    /// <summary>Persists the events atomically (all or none); the handler runs for each, in order, once durable.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler) =>
        PersistMany(events, handler, true);

    /// <summary>Like <see cref="Persist{TEvent}"/>, but commands do not wait for the write (handlers still run in order).</summary>
    protected void PersistAsync<TEvent>(TEvent @event, Action<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(handler);
        Enqueue(new PendingInvocation<TEvent>(this, Self, Sender, NextSequenceNr(1), false, @event, null, handler), true);
    }

    /// <summary>Like <see cref="PersistAll{TEvent}"/>, but commands do not wait for the write.</summary>
    protected void PersistAllAsync<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler) =>
        PersistMany(events, handler, false);

    /// <summary>
    /// Runs <paramref name="handler"/> after the handlers of everything persisted before it, without writing
    /// anything (right after the current command when nothing is pending). Commands do not wait for it.
    /// </summary>
    protected void DeferAsync<TEvent>(TEvent @event, Action<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var invocation = new PendingInvocation<TEvent>(this, Self, Sender, 0, false, @event, null, handler) { Arrived = true };
        Enqueue(invocation, false);
    }

    private void PersistMany<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler, bool stashing)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        var array = events as TEvent[] ?? new List<TEvent>(events).ToArray();
        if (array.Length == 0) return;
        foreach (var e in array) ArgumentNullException.ThrowIfNull(e, nameof(events));
        var first = NextSequenceNr(array.Length);
        Enqueue(new PendingInvocation<TEvent>(this, Self, Sender, first, stashing, default!, array, handler), true);
    }

    private long NextSequenceNr(int count)
    {
        if (IsRecovering) throw new InvalidOperationException($"'{PersistenceId}' cannot persist while it is recovering.");
        var first = _sequenceNr + 1;
        _sequenceNr += count;
        return first;
    }

    private void Enqueue(PendingInvocation invocation, bool write)
    {
        if (write)
        {
            var count = invocation.Count;
            var events = new PersistentRepresentation[count];
            var serializers = Persistence.Serializers;
            for (var i = 0; i < count; i++)
            {
                var payload = serializers.ToBinary(invocation.EventAt(i), out var manifest);
                events[i] = new PersistentRepresentation(PersistenceId, invocation.FirstSequenceNr + i, manifest, payload);
            }
            invocation.Write = new AtomicWrite(events);
        }
        _unsubmitted.Add(invocation);
        if (invocation.Stashing) _stashingInFlight++;
        _pending.Enqueue(invocation);
    }

    /// <summary>A command or handler failed: its Persist and DeferAsync calls never happened.</summary>
    private void DiscardUnsubmitted()
    {
        if (_unsubmitted.Count == 0) return;
        var kept = new Queue<PendingInvocation>(_pending.Count);
        while (_pending.TryDequeue(out var invocation))
        {
            if (_unsubmitted.Contains(invocation))
            {
                if (invocation.Stashing) _stashingInFlight--;
                if (invocation.Write != null && invocation.FirstSequenceNr <= _sequenceNr) _sequenceNr = invocation.FirstSequenceNr - 1;
                continue;
            }
            kept.Enqueue(invocation);
        }
        while (kept.TryDequeue(out var invocation)) _pending.Enqueue(invocation);
        _unsubmitted.Clear();
    }

    /// <summary>After a command or handlers: submit what they persisted, and schedule a head that is ready.</summary>
    private void AfterHandlers()
    {
        if (_unsubmitted.Count > 0)
        {
            var journal = Persistence.Journal;
            foreach (var invocation in _unsubmitted)
                if (invocation.Write != null) journal.Write(invocation.Write, invocation);
            _unsubmitted.Clear();
        }
        if (_pending.TryPeek(out var head) && head.Arrived && !head.Redelivered)
        {
            head.Redelivered = true;
            Cell.Mailbox.Prepend(new Envelope(head, head.Sender));
        }
        else if (_stashingInFlight == 0)
        {
            UnstashWaitingCommands();
        }
    }

    private void OnInvocationCompleted(PendingInvocation invocation)
    {
        if (!_pending.TryPeek(out var head) || !ReferenceEquals(head, invocation))
        {
            // Completed before an earlier invocation: it runs when it reaches the head (see AfterHandlers).
            invocation.Arrived = true;
            return;
        }
        _pending.Dequeue();
        if (invocation.Stashing) _stashingInFlight--;
        try
        {
            RunHandlers(invocation);
        }
        catch
        {
            DiscardUnsubmitted();
            throw;
        }
        AfterHandlers();
    }

    private void RunHandlers(PendingInvocation invocation)
    {
        var error = invocation.Error;
        if (invocation.Write == null)
        {
            invocation.InvokeHandler(0);
            return;
        }
        if (error == null)
        {
            for (var i = 0; i < invocation.Count; i++)
            {
                LastSequenceNr = invocation.FirstSequenceNr + i;
                invocation.InvokeHandler(i);
            }
            return;
        }
        if (error is AtomicWriteRejectedException)
        {
            for (var i = 0; i < invocation.Count; i++)
                OnPersistRejected(error, invocation.EventAt(i), invocation.FirstSequenceNr + i);
            return;
        }
        OnPersistFailure(error, invocation.EventAt(0), invocation.FirstSequenceNr);
        throw new PersistFailureException(PersistenceId, invocation.FirstSequenceNr, error);
    }
}
