using Fabric.Broker.Queues;

namespace Fabric.Broker.Durability;

/// <summary>
/// Rebuilds a queue's messages from its snapshot and events (feed it what ReceiveRecover gets, with LastSequenceNr),
/// then restores them into a fresh <see cref="QueueEngine"/>: ready, in id order, redelivered when they had been
/// delivered. Replay is idempotent (an enqueue replaces, a removal or delivery of an unknown id is ignored), so a
/// snapshot may be a little ahead of its sequence number and deleted events may have removed what is gone anyway.
/// </summary>
public sealed class QueueRecovery
{
    private readonly Dictionary<long, RecoveredMessage> _messages = new();

    public int Count => _messages.Count;

    /// <summary>Total events and snapshot messages applied (for progress logs).</summary>
    public long Applied { get; private set; }

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
                foreach (var id in delivered.Ids)
                    if (_messages.TryGetValue(id, out var message)) message.Delivered = true;
                break;
            case MessagesRemoved removed:
                foreach (var id in removed.Ids) _messages.Remove(id);
                break;
            case QueueEvents events:
                var batch = events.Enqueued;
                for (var i = 0; i < batch.Count; i++) Enqueue(batch[i], sequenceNr);
                foreach (var id in events.DeliveredIds)
                    if (_messages.TryGetValue(id, out var message)) message.Delivered = true;
                foreach (var id in events.RemovedIds) _messages.Remove(id);
                break;
            case QueueSnapshot snapshot:
                _messages.Clear();
                foreach (var enqueued in snapshot.Messages) Enqueue(enqueued, sequenceNr);
                foreach (var id in snapshot.DeliveredIds)
                    if (_messages.TryGetValue(id, out var message)) message.Delivered = true;
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
            engine.Restore(message.Enqueued.Id, message.Enqueued.ToMessage(), message.Delivered, message.Enqueued.ExpiresAtMs);
    }

    public List<RecoveredMessage> InIdOrder()
    {
        var list = new List<RecoveredMessage>(_messages.Values);
        list.Sort(static (a, b) => a.Enqueued.Id.CompareTo(b.Enqueued.Id));
        return list;
    }

    internal List<RecoveredMessage> InSequenceOrder()
    {
        var list = new List<RecoveredMessage>(_messages.Values);
        list.Sort(static (a, b) => a.SequenceNr != b.SequenceNr
            ? a.SequenceNr.CompareTo(b.SequenceNr)
            : a.Enqueued.Id.CompareTo(b.Enqueued.Id));
        return list;
    }

    private void Enqueue(MessageEnqueued enqueued, long sequenceNr)
    {
        if (_messages.TryGetValue(enqueued.Id, out var existing))
        {
            existing.Enqueued = enqueued;
            return;
        }
        _messages[enqueued.Id] = new RecoveredMessage(enqueued, sequenceNr);
    }
}
