using Fabric.Broker.Queues;

namespace Fabric.Broker.Durability;

/// <summary>
/// Rebuilds a queue's messages from its snapshot and events (feed it what ReceiveRecover gets, with LastSequenceNr),
/// then restores them into a fresh <see cref="QueueEngine"/>: ready, in id order, redelivered when they had been
/// delivered. Replay is idempotent (an enqueue replaces, a removal or delivery of an unknown id is ignored), so a
/// snapshot may be a little ahead of its sequence number and deleted events may have removed what is gone anyway.
/// Messages are kept in replay order (which is sequence order, and for a queue's own writes also id order), so
/// handing them out sorted costs no sort in the common case.
/// </summary>
public sealed class QueueRecovery
{
    private readonly Dictionary<long, JournalledMessage> _messages = new();
    // Every message enqueued by replay, in replay order; removed ones are flagged and dropped now and then.
    private readonly List<JournalledMessage> _inOrder = new();
    private int _removedInOrder;

    public int Count => _messages.Count;

    /// <summary>Total events and snapshots applied.</summary>
    public long Applied { get; private set; }

    /// <summary>Message enqueues read (for progress logs).</summary>
    public long MessagesRead { get; private set; }

    /// <summary>Applies a recovered value; false when it is not a queue event (ignored).</summary>
    public bool Apply(object recovered, long sequenceNr)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        switch (recovered)
        {
            case MessageEnqueued enqueued:
                Enqueue(enqueued, sequenceNr);
                break;
            case MessagesDelivered delivered:
                MarkDelivered(delivered.Ids);
                break;
            case MessagesRemoved removed:
                Remove(removed.Ids);
                break;
            case QueueEvents events:
                var batch = events.Enqueued;
                for (var i = 0; i < batch.Count; i++) Enqueue(batch[i], sequenceNr);
                MarkDelivered(events.DeliveredIds);
                Remove(events.RemovedIds);
                break;
            case QueueSnapshot snapshot:
                foreach (var message in _inOrder) message.Removed = true;
                _inOrder.Clear();
                _removedInOrder = 0;
                _messages.Clear();
                foreach (var enqueued in snapshot.Messages) Enqueue(enqueued, sequenceNr);
                MarkDelivered(snapshot.DeliveredIds);
                break;
            default:
                return false;
        }
        Applied++;
        return true;
    }

    /// <summary>Puts every recovered message into <paramref name="engine"/> (before any consumer is added).</summary>
    public void RestoreInto(QueueEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (var message in InIdOrder())
            engine.Restore(message.Enqueued.Id, message.Enqueued.Message, message.Delivered, message.Enqueued.ExpiresAtMs);
    }

    public List<JournalledMessage> InIdOrder()
    {
        var list = Live(out _, out var idsAscending);
        if (!idsAscending) list.Sort(static (a, b) => a.Enqueued.Id.CompareTo(b.Enqueued.Id));
        return list;
    }

    internal List<JournalledMessage> InSequenceOrder()
    {
        var list = Live(out var sequenceAscending, out _);
        if (!sequenceAscending)
        {
            list.Sort(static (a, b) => a.SequenceNr != b.SequenceNr
                ? a.SequenceNr.CompareTo(b.SequenceNr)
                : a.Enqueued.Id.CompareTo(b.Enqueued.Id));
        }
        return list;
    }

    private List<JournalledMessage> Live(out bool sequenceAscending, out bool idsAscending)
    {
        var list = new List<JournalledMessage>(_messages.Count);
        sequenceAscending = idsAscending = true;
        JournalledMessage? previous = null;
        foreach (var message in _inOrder)
        {
            if (message.Removed) continue;
            if (previous is not null)
            {
                sequenceAscending &= previous.SequenceNr <= message.SequenceNr;
                idsAscending &= previous.Enqueued.Id < message.Enqueued.Id;
            }
            list.Add(message);
            previous = message;
        }
        return list;
    }

    private void Enqueue(MessageEnqueued enqueued, long sequenceNr)
    {
        MessagesRead++;
        if (_messages.TryGetValue(enqueued.Id, out var existing))
        {
            existing.Enqueued = enqueued;
            return;
        }
        var message = new JournalledMessage(enqueued) { SequenceNr = sequenceNr };
        _messages[enqueued.Id] = message;
        _inOrder.Add(message);
    }

    private void MarkDelivered(long[] ids)
    {
        foreach (var id in ids)
            if (_messages.TryGetValue(id, out var message)) message.Delivered = true;
    }

    private void Remove(long[] ids)
    {
        foreach (var id in ids)
        {
            if (!_messages.Remove(id, out var message)) continue;
            message.Removed = true;
            _removedInOrder++;
        }
        // A long history of acked messages must not pile up: drop the removed ones once they are the majority.
        if (_removedInOrder > 1024 && _removedInOrder > _inOrder.Count / 2)
        {
            _inOrder.RemoveAll(static m => m.Removed);
            _removedInOrder = 0;
        }
    }
}
