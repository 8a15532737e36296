using Fabric.Broker.Messages;
using Fabric.Broker.Queues;

namespace Fabric.Broker.Durability;

/// <summary>
/// Sits between a durable queue's <see cref="QueueEngine"/> and its actor's effects: passes deliveries and
/// dead-letters on, and turns the engine's Persist* calls of one mailbox turn into events —
/// <see cref="MessageEnqueued"/>s, one <see cref="MessagesDelivered"/>, one <see cref="MessagesRemoved"/> — taken with
/// <see cref="TakeEvents"/> and persisted by the actor at once, in order, in one PersistAll. A message enqueued and
/// removed in the same turn is never written. It also tracks which sequence numbers still hold live messages and plans
/// compaction (<see cref="PlanCompaction"/>) so storage stays bounded. Single-threaded, like the engine.
/// </summary>
public sealed class QueueJournal : IQueueEffects
{
    private readonly IQueueEffects _inner;
    private readonly QueueCompactionSettings _settings;
    private readonly Dictionary<long, JournalledMessage> _live = new();
    // Live (and lazily skipped removed) messages in sequence-number order: the head pins the journal.
    private readonly Queue<JournalledMessage> _bySequence = new();
    private readonly List<JournalledMessage> _enqueued = new();
    // Delivered since the last write (those removed meanwhile are skipped when taken).
    private readonly List<JournalledMessage> _delivered = new();
    private readonly List<long> _removed = new();
    private long _nextSequenceNr = 1;
    private long _liveBytes;
    // Journalled since the last compaction: message bytes, plus a little per id and per event (row overhead).
    private long _bytesSinceCompaction;
    private const int IdBytes = 8;
    private const int EventBytes = 64;
    private long _deletedTo;
    private long _snapshotSequenceNr;

    public QueueJournal(IQueueEffects inner, QueueCompactionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _settings = settings ?? QueueCompactionSettings.Default;
    }

    /// <summary>Journalled messages still in the queue (ready or unacked).</summary>
    public int LiveCount => _live.Count;

    /// <summary>Messages enqueued since the last <see cref="TakeEvents"/> (some may be removed already).</summary>
    public int PendingMessages => _enqueued.Count;

    public bool HasEvents => _enqueued.Count > 0 || _delivered.Count > 0 || _removed.Count > 0;

    /// <summary>The sequence number the next taken event gets.</summary>
    public long NextSequenceNr => _nextSequenceNr;

    /// <summary>After recovery: the live messages and where the journal stands (call before the first turn).</summary>
    public void Seed(QueueRecovery recovery, long lastSequenceNr, long snapshotSequenceNr)
    {
        ArgumentNullException.ThrowIfNull(recovery);
        _nextSequenceNr = lastSequenceNr + 1;
        _snapshotSequenceNr = snapshotSequenceNr;
        _deletedTo = snapshotSequenceNr;
        var recovered = recovery.InSequenceOrder();
        _live.EnsureCapacity(recovered.Count);
        _bySequence.EnsureCapacity(recovered.Count);
        foreach (var message in recovered)
        {
            // The recovery's objects carry on as the journal's (the recovery is spent once seeded).
            _live[message.Enqueued.Id] = message;
            _bySequence.Enqueue(message);
            _liveBytes += message.Size;
        }
    }

    /// <summary>Ids of the live messages delivered at least once, recorded or not (what a failing incarnation hands over).</summary>
    public long[] DeliveredIds()
    {
        var ids = new List<long>();
        foreach (var message in _live.Values)
        {
            if (message.Delivered) ids.Add(message.Enqueued.Id);
        }
        return ids.ToArray();
    }

    public void Deliver(in Delivery delivery)
    {
        Delivered(delivery.MessageId);
        _inner.Deliver(delivery);
    }

    /// <summary>A basic.get handed the message out with manual ack (deliveries to consumers are seen by themselves).</summary>
    public void Delivered(long messageId)
    {
        if (_live.TryGetValue(messageId, out var message) && !message.Delivered)
        {
            message.Delivered = true;
            _delivered.Add(message);
        }
    }

    public void DeadLetter(Message message, DeadLetterReason reason, string queueName) =>
        _inner.DeadLetter(message, reason, queueName);

    public void PersistEnqueue(long messageId, Message message, long expiresAtMs)
    {
        var journalled = new JournalledMessage(new MessageEnqueued(messageId, message, expiresAtMs));
        _live[messageId] = journalled;
        _liveBytes += journalled.Size;
        _enqueued.Add(journalled);
    }

    public void PersistRemove(long messageId)
    {
        if (!_live.Remove(messageId, out var message)) return;
        message.Removed = true;
        _liveBytes -= message.Size;
        // Enqueued this turn: never written, nothing to remove.
        if (message.SequenceNr != JournalledMessage.Unwritten) _removed.Add(messageId);
    }

    /// <summary>
    /// Appends this turn's events to <paramref name="events"/> and returns how many; they get the next sequence
    /// numbers, so the actor must persist exactly these, in this order, before taking more. They are
    /// <see cref="QueueEvents"/>: the enqueued messages in chunks of about <see cref="QueueCompactionSettings.ChunkBytes"/>,
    /// the last one also carrying the delivered and removed ids.
    /// </summary>
    public int TakeEvents(List<object> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var count = 0;
        var chunk = new List<MessageEnqueued>();
        var chunkBytes = 0;
        for (var i = 0; i < _enqueued.Count; i++)
        {
            var message = _enqueued[i];
            if (message.Removed) continue;
            // About the encoded size: content, names, ids and lengths.
            var size = message.Size + message.Enqueued.Exchange.Length + message.Enqueued.RoutingKey.Length + 24;
            if (chunk.Count > 0 && chunkBytes + size > _settings.ChunkBytes)
            {
                events.Add(new QueueEvents(chunk, [], []));
                _nextSequenceNr++;
                count++;
                chunk = new List<MessageEnqueued>();
                chunkBytes = 0;
            }
            message.SequenceNr = _nextSequenceNr;
            _bySequence.Enqueue(message);
            chunk.Add(message.Enqueued);
            chunkBytes += size;
            _bytesSinceCompaction += size;
        }
        _enqueued.Clear();
        var delivered = TakeDelivered();
        var removed = TakeRemoved();
        if (chunk.Count > 0 || delivered.Length > 0 || removed.Length > 0)
        {
            events.Add(new QueueEvents(chunk, delivered, removed));
            _nextSequenceNr++;
            count++;
        }
        _bytesSinceCompaction += count * EventBytes + (delivered.Length + removed.Length) * IdBytes;
        return count;
    }

    /// <summary>
    /// Called with the highest durable sequence number (LastSequenceNr in a persist handler). Returns null when there
    /// is nothing worth doing yet. Events below the oldest live message are garbage and get deleted; when a few old
    /// messages pin a long tail, a snapshot of the (small) live set replaces the tail.
    /// </summary>
    public QueueCompaction? PlanCompaction(long durableSequenceNr)
    {
        var events = durableSequenceNr - _deletedTo;
        if (events < _settings.CompactEvery && _bytesSinceCompaction < _settings.CompactEveryBytes) return null;
        var watermark = Math.Min(OldestLiveSequenceNr() - 1, durableSequenceNr);
        // Worth a delete once half of what was written since the last one is garbage.
        if (watermark - _deletedTo >= Math.Max(1, Math.Min(_settings.CompactEvery, events) / 2))
        {
            // Past the snapshot, no message of it is live: it goes first (it would resurrect them otherwise).
            var deleteSnapshotsTo = 0L;
            if (_snapshotSequenceNr > 0 && watermark >= _snapshotSequenceNr)
            {
                deleteSnapshotsTo = _snapshotSequenceNr;
                _snapshotSequenceNr = 0;
            }
            _deletedTo = watermark;
            _bytesSinceCompaction = 0;
            return new QueueCompaction(watermark, null, deleteSnapshotsTo);
        }
        // A snapshot rewrites the live set: only when it is small, and smaller than what it replaces.
        if (_live.Count > _settings.SnapshotMaxMessages || _liveBytes > _settings.SnapshotMaxBytes
            || _liveBytes > _bytesSinceCompaction) return null;
        _bytesSinceCompaction = 0;
        var snapshot = TakeSnapshot();
        _deletedTo = durableSequenceNr;
        _snapshotSequenceNr = durableSequenceNr;
        return new QueueCompaction(durableSequenceNr, snapshot, durableSequenceNr - 1);
    }

    /// <summary>The written live set, in id order (those still unwritten follow as events after the snapshot).</summary>
    private QueueSnapshot TakeSnapshot()
    {
        var messages = new List<JournalledMessage>(_live.Count);
        foreach (var message in _bySequence)
        {
            if (!message.Removed) messages.Add(message);
        }
        messages.Sort(static (a, b) => a.Enqueued.Id.CompareTo(b.Enqueued.Id));
        var enqueued = new MessageEnqueued[messages.Count];
        var delivered = new List<long>();
        for (var i = 0; i < messages.Count; i++)
        {
            enqueued[i] = messages[i].Enqueued;
            if (messages[i].Delivered) delivered.Add(messages[i].Enqueued.Id);
        }
        return new QueueSnapshot(enqueued, delivered.ToArray());
    }

    private long OldestLiveSequenceNr()
    {
        while (_bySequence.TryPeek(out var head) && head.Removed) _bySequence.Dequeue();
        return _bySequence.TryPeek(out var oldest) ? Math.Min(oldest.SequenceNr, _nextSequenceNr) : _nextSequenceNr;
    }

    private long[] TakeDelivered()
    {
        var kept = 0;
        for (var i = 0; i < _delivered.Count; i++)
        {
            if (!_delivered[i].Removed) kept++;
        }
        var ids = kept == 0 ? [] : new long[kept];
        kept = 0;
        for (var i = 0; i < _delivered.Count; i++)
        {
            if (!_delivered[i].Removed) ids[kept++] = _delivered[i].Enqueued.Id;
        }
        _delivered.Clear();
        return ids;
    }

    private long[] TakeRemoved()
    {
        if (_removed.Count == 0) return [];
        var ids = _removed.ToArray();
        _removed.Clear();
        return ids;
    }
}
