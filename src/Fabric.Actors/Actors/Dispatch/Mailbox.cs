using System.Collections.Concurrent;
using Fabric.Actors.Cell;

namespace Fabric.Actors.Dispatch;

/// <summary>
/// An actor's queues and its scheduling: a lock-free MPSC queue of user envelopes, a lock-free system queue,
/// and a status word flipped by CAS so that at most one thread-pool work item runs the actor at a time.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    // Hand-off: a mailbox scheduled by a running turn on this thread runs right after that turn, on this thread,
    // instead of as a new thread-pool work item (which wakes an idle worker per hop: spin, futex, context switch).
    // A few slots per thread (HandOffs); further schedules go to the pool as before, so fan-out still spreads over
    // the cores.
    private const int MaxHandOffs = 16;
    [ThreadStatic] private static bool t_inTurn;
    [ThreadStatic] private static HandOffs? t_handOffs;

    // Created on the first user message: an actor that is never told anything (an idle queue) holds no segment.
    private ConcurrentQueue<Envelope>? _queue;
    private readonly bool _preferLocal;
    private readonly int _handOffDepth;
    private SystemMessageQueue _system;
    private Stack<Envelope>? _prepended; // touched only by the running turn (stash)
    private int _status;
    private volatile bool _closed;
    private ActorCell _cell = null!;

    /// <param name="handOffDepth">0: no hand-off; otherwise the per-thread hand-off slots (see ActorSystemSettings).</param>
    public Mailbox(bool preferLocal, int handOffDepth = 0)
    {
        _preferLocal = preferLocal;
        _handOffDepth = handOffDepth;
    }

    public bool IsClosed => _closed;

    /// <summary>No turn is running or scheduled (tests wait for it before relying on a hand-off).</summary>
    internal bool IsIdle => Volatile.Read(ref _status) == Idle;

    public bool HasSystemMessages => _system.HasMessages;

    internal void Attach(ActorCell cell) => _cell = cell;

    public void Post(object message, IActorRef? sender)
    {
        if (_closed)
        {
            _cell.System.DeadLetterOf(message, sender, _cell.Self);
            return;
        }
        (_queue ?? CreateQueue()).Enqueue(new Envelope(message, sender));
        TrySchedule();
    }

    /// <summary>
    /// Posts, and when the actor is idle runs its turn on the calling thread instead of queueing it to the thread
    /// pool (one wake-up less). For callers that are not actors and may be held up for a turn, e.g. a socket's read
    /// loop handing its buffer to the connection actor; when the actor is busy this is a plain <see cref="Post"/>.
    /// </summary>
    public void PostAndRun(object message, IActorRef? sender)
    {
        if (_closed)
        {
            _cell.System.DeadLetterOf(message, sender, _cell.Self);
            return;
        }
        (_queue ?? CreateQueue()).Enqueue(new Envelope(message, sender));
        if (Volatile.Read(ref _status) == Idle && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
            Execute();
    }

    /// <summary>False when the mailbox is closed (the actor is dead).</summary>
    public bool PostSystem(SystemMessage message)
    {
        if (!_system.TryPush(message)) return false;
        TrySchedule();
        return true;
    }

    public SystemMessage? TakeSystemMessages() => _system.TakeAll();

    public bool TryDequeue(out Envelope envelope)
    {
        var prepended = _prepended;
        if (prepended != null && prepended.Count > 0)
        {
            envelope = prepended.Pop();
            return true;
        }
        var queue = _queue;
        if (queue is not null) return queue.TryDequeue(out envelope);
        envelope = default;
        return false;
    }

    private ConcurrentQueue<Envelope> CreateQueue()
    {
        var created = new ConcurrentQueue<Envelope>();
        return Interlocked.CompareExchange(ref _queue, created, null) ?? created;
    }

    private bool QueueIsEmpty => _queue is not { IsEmpty: false };

    /// <summary>Puts envelopes in front of everything queued, keeping their order (called from the actor's turn).</summary>
    public void Prepend(List<Envelope> envelopes)
    {
        var stack = _prepended ??= new Stack<Envelope>();
        for (var i = envelopes.Count - 1; i >= 0; i--) stack.Push(envelopes[i]);
    }

    public void Prepend(Envelope envelope) => (_prepended ??= new Stack<Envelope>()).Push(envelope);

    /// <summary>Closes both queues; returns the system messages still queued. New user messages go to dead letters.</summary>
    public SystemMessage? Close()
    {
        _closed = true;
        return _system.Close();
    }

    public void DrainToDeadLetters()
    {
        while (TryDequeue(out var envelope))
            _cell.System.DeadLetterOf(envelope.Message, envelope.Sender, _cell.Self);
    }

    public void TrySchedule() => TrySchedule(_preferLocal);

    private void TrySchedule(bool preferLocal)
    {
        if (Volatile.Read(ref _status) == Idle && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            if (!(preferLocal && _handOffDepth > 0 && t_inTurn && (t_handOffs ??= new HandOffs()).TryAdd(this, _handOffDepth)))
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal);
        }
    }

    public void Execute()
    {
        if (t_inTurn)
        {
            RunOnce(); // nested (PostAndRun inside a turn): the outermost Execute runs the hand-offs
            return;
        }

        t_inTurn = true;
        try
        {
            RunOnce();
            var handOffs = t_handOffs;
            if (handOffs is null) return;
            for (var n = 0; n < MaxHandOffs && handOffs.TryTake(out var next); n++) next.RunOnce();
        }
        finally
        {
            t_inTurn = false;
            if (t_handOffs is { } left)
            {
                while (left.TryTake(out var rest)) ThreadPool.UnsafeQueueUserWorkItem(rest, preferLocal: true);
            }
        }
    }

    private void RunOnce()
    {
        try
        {
            _cell.RunTurn();
        }
        finally
        {
            Interlocked.Exchange(ref _status, Idle);
            // Yield for real: the pool's local queue is LIFO, so re-queueing there would run this actor again at once
            // and starve the actors it just told; the global queue is FIFO.
            if (HasWork()) TrySchedule(preferLocal: false);
        }
    }

    private bool HasWork()
    {
        if (_system.HasMessages) return true;
        if (_closed) return !QueueIsEmpty || (_prepended?.Count ?? 0) > 0;
        return _cell.CanProcessUserMessages && (!QueueIsEmpty || (_prepended?.Count ?? 0) > 0);
    }
}
