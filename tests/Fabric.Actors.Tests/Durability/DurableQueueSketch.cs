using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Messages;
using Fabric.Broker.Queues;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Snapshot;

namespace Fabric.Actors.Tests.Durability;

internal sealed record StartConsuming(IActorRef Target);
internal sealed record AckMessages(long[] Ids);
internal sealed record Recovered(int Messages);

/// <summary>
/// A miniature durable QueueActor (docs/DURABILITY.md §3-§5): engine + QueueJournal + QueueRecovery on a
/// PersistentActor, one journal write in flight, confirms after durability, compaction as planned.
/// </summary>
internal sealed class DurableQueueSketch : PersistentActor
{
    private readonly string _name;
    private readonly IActorRef _reports;
    private readonly QueueJournal _journal;
    private readonly QueueEngine _engine;
    private readonly DeliverTo _deliveries = new();
    private QueueRecovery? _recovery = new();
    private List<(IActorRef To, QueuePublishConfirmed Confirm)> _pendingConfirms = new();
    private readonly List<object> _events = new();
    private bool _writing;

    public DurableQueueSketch(string name, IActorRef reports, QueueCompactionSettings? compaction = null)
    {
        _name = name;
        _reports = reports;
        _journal = new QueueJournal(_deliveries, compaction);
        _engine = new QueueEngine(name, "/", durable: true, QueueArguments.Default, _journal, Now);
    }

    public override string PersistenceId => "queue|/|" + _name;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                _recovery!.Apply(offer.Snapshot, offer.Metadata.SequenceNr);
                return true;
            case RecoveryCompleted:
                _recovery!.RestoreInto(_engine);
                _journal.Seed(_recovery, LastSequenceNr, SnapshotSequenceNr);
                _reports.Tell(new Recovered(_recovery.Count));
                _recovery = null;
                return true;
            default:
                return _recovery!.Apply(message, LastSequenceNr);
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case QueuePublish publish:
                var result = _engine.Enqueue(publish.Message, Now);
                if (publish.ConfirmTo is { } to)
                {
                    var confirm = new QueuePublishConfirmed(publish.Channel, publish.SeqNo, result == EnqueueResult.Accepted);
                    if (result == EnqueueResult.Accepted && publish.Message.Persistent) _pendingConfirms.Add((to, confirm));
                    else to.Tell(confirm);
                }
                break;
            case StartConsuming start:
                _deliveries.Target = start.Target;
                _deliveries.Queue = _name;
                _engine.AddConsumer("c", 1, noAck: false, exclusive: false, prefetch: 0, priority: 0, Now);
                break;
            case AckMessages ack:
                _engine.Ack(ack.Ids, Now);
                break;
            case SaveSnapshotSuccess saved:
                DeleteMessages(saved.Metadata.SequenceNr);
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1, DateTimeOffset.MaxValue));
                break;
            case SaveSnapshotFailure or DeleteMessagesSuccess or DeleteMessagesFailure or DeleteSnapshotsSuccess
                or DeleteSnapshotsFailure:
                break;
            default:
                return false;
        }
        WriteIfIdle();
        return true;
    }

    /// <summary>At most one write in flight: what accumulates meanwhile goes into the next one.</summary>
    private void WriteIfIdle()
    {
        if (_writing) return;
        var confirms = _pendingConfirms;
        _pendingConfirms = new List<(IActorRef, QueuePublishConfirmed)>();
        _events.Clear();
        if (_journal.TakeEvents(_events) == 0)
        {
            SendConfirms(confirms);
            return;
        }
        _writing = true;
        PersistAllAsync(_events.ToArray(), static _ => { });
        DeferAsync(confirms, OnBatchDurable);
    }

    private void OnBatchDurable(List<(IActorRef To, QueuePublishConfirmed Confirm)> confirms)
    {
        _writing = false;
        SendConfirms(confirms);
        if (_journal.PlanCompaction(LastSequenceNr) is { } plan)
        {
            if (plan.Snapshot != null)
            {
                SaveSnapshot(plan.Snapshot); // at LastSequenceNr; deletes follow its success
            }
            else
            {
                if (plan.DeleteSnapshotsTo > 0)
                    DeleteSnapshots(new SnapshotSelectionCriteria(plan.DeleteSnapshotsTo, DateTimeOffset.MaxValue));
                DeleteMessages(plan.DeleteEventsTo);
            }
        }
        WriteIfIdle();
    }

    private static void SendConfirms(List<(IActorRef To, QueuePublishConfirmed Confirm)> confirms)
    {
        foreach (var (to, confirm) in confirms) to.Tell(confirm);
    }

    private sealed class DeliverTo : IQueueEffects
    {
        public IActorRef? Target { get; set; }

        public string Queue { get; set; } = "";

        public void Deliver(in Delivery delivery) =>
            Target?.Tell(new QueueDeliver(1, delivery.ConsumerTag ?? "", Queue, delivery.MessageId, delivery.Message, delivery.Redelivered));

        public void DeadLetter(Message message, DeadLetterReason reason, string queueName) { }

        public void PersistEnqueue(long messageId, Message message, long expiresAtMs) { }

        public void PersistRemove(long messageId) { }
    }
}
