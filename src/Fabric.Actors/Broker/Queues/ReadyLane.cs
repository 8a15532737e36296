namespace Fabric.Broker.Queues;

/// <summary>
/// Ready messages of one priority in id order. Fresh publishes append to a ring (ids only grow);
/// requeued / restored-out-of-order messages go to a min-heap by id, so requeue lands in the original position.
/// The head is the smaller of the two fronts.
/// </summary>
internal sealed class ReadyLane
{
    // Both allocate on first use: most lanes of an idle queue never hold anything.
    private readonly RingBuffer<QueueEntry> _fresh = new(capacity: 0);
    private PriorityQueue<QueueEntry, long>? _requeued;

    public int Count => _fresh.Count + RequeuedCount;

    private int RequeuedCount => _requeued?.Count ?? 0;

    public void Insert(in QueueEntry entry)
    {
        if (_fresh.Count == 0 || entry.Id > _fresh.Back.Id)
            _fresh.PushBack(entry);
        else
            (_requeued ??= new PriorityQueue<QueueEntry, long>()).Enqueue(entry, entry.Id);
    }

    /// <summary>Head of the lane; the lane must not be empty.</summary>
    public ref readonly QueueEntry PeekHead()
    {
        if (RequeuedCount == 0)
            return ref _fresh.Front;
        if (_fresh.Count == 0 || PeekRequeuedId() < _fresh.Front.Id)
            return ref PeekRequeuedRef();
        return ref _fresh.Front;
    }

    public QueueEntry PopHead()
    {
        if (RequeuedCount == 0)
            return _fresh.PopFront();
        if (_fresh.Count == 0 || PeekRequeuedId() < _fresh.Front.Id)
            return _requeued!.Dequeue();
        return _fresh.PopFront();
    }

    /// <summary>Removes every entry, handing each to <paramref name="sink"/> (id order not guaranteed).</summary>
    public void Drain(List<QueueEntry> sink)
    {
        while (_fresh.Count > 0) sink.Add(_fresh.PopFront());
        while (RequeuedCount > 0) sink.Add(_requeued!.Dequeue());
    }

    /// <summary>Gives back the storage a burst grew (on the idle sweep).</summary>
    public void TrimExcess()
    {
        _fresh.TrimExcess();
        if (_requeued is { Count: 0 }) _requeued = null;
    }

    private long PeekRequeuedId()
    {
        _requeued!.TryPeek(out _, out var id);
        return id;
    }

    // PriorityQueue exposes no ref to its top; a scratch copy keeps PeekHead's signature uniform.
    private QueueEntry _peeked;

    private ref QueueEntry PeekRequeuedRef()
    {
        _requeued!.TryPeek(out _peeked, out _);
        return ref _peeked;
    }
}
