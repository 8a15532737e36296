using Fabric.Actors.Tests.Queues;
using Fabric.Amqp.Content;
using Fabric.Broker.Durability;
using Fabric.Broker.Messages;
using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Durability;

/// <summary>A queue's write is a few rows, not one per message: enqueues in chunks, ids in the last one.</summary>
public sealed class QueueJournalBatchingTests
{
    private static readonly byte[] Properties = new BasicProperties { DeliveryMode = 2 }.ToArray();

    [Fact]
    public void A_thousand_enqueues_and_acks_of_one_write_take_a_few_events_sharing_sequence_numbers()
    {
        var journal = new QueueJournal(new RecordingEffects());
        var engine = new QueueEngine("q", "/", durable: true, QueueArguments.Default, journal, 0);
        for (var i = 0; i < 1000; i++) engine.Enqueue(new Message("", "q", Properties, new byte[256], persistent: true), 0);
        var events = new List<object>();

        var first = journal.NextSequenceNr;
        var count = journal.TakeEvents(events);

        // 1000 × ~260 bytes in chunks of at most 64 KB: 4 or 5 rows.
        Assert.InRange(count, 4, 5);
        Assert.Equal(count, events.Count);
        Assert.Equal(first + count, journal.NextSequenceNr);
        var enqueued = 0;
        foreach (var e in events)
        {
            var batch = Assert.IsType<QueueEvents>(e);
            enqueued += batch.Enqueued.Count;
            Assert.True(BrokerEventSerializer.Instance.ToBinary(batch).Length <= QueueCompactionSettings.Default.ChunkBytes);
        }
        Assert.Equal(1000, enqueued);

        // Consume and ack everything in one turn: one event with the delivered and removed ids.
        Assert.Null(engine.AddConsumer("c", 1, noAck: false, exclusive: false, prefetch: 0, priority: 0, nowMs: 0));
        var ids = new long[1000];
        for (var i = 0; i < ids.Length; i++) ids[i] = engine.NextMessageId - 1000 + i;
        engine.Ack(ids, 0);
        events.Clear();
        Assert.Equal(1, journal.TakeEvents(events));
        var acks = Assert.IsType<QueueEvents>(events[0]);
        Assert.Empty(acks.Enqueued);
        Assert.Equal(ids, acks.RemovedIds);
        Assert.Equal(0, journal.LiveCount);
    }

    [Fact]
    public void Replaying_the_batches_restores_what_is_live()
    {
        var journal = new QueueJournal(new RecordingEffects());
        var engine = new QueueEngine("q", "/", durable: true, QueueArguments.Default, journal, 0);
        var events = new List<object>();
        var sequenceNrs = new List<long>();
        void Turn()
        {
            var first = journal.NextSequenceNr;
            var before = events.Count;
            journal.TakeEvents(events);
            for (var i = before; i < events.Count; i++) sequenceNrs.Add(first + i - before);
        }

        for (var i = 0; i < 600; i++) engine.Enqueue(new Message("", "q", Properties, new byte[300], persistent: true), 0);
        Turn();
        Assert.True(engine.TryGet(1, noAck: false, 0, out var delivery));
        journal.Delivered(delivery.MessageId);
        Turn();
        var acked = delivery.MessageId + 1;
        Assert.True(engine.TryGet(1, noAck: false, 0, out var second));
        journal.Delivered(second.MessageId);
        engine.Ack(1, [second.MessageId], 0);
        Turn();

        var recovery = new QueueRecovery();
        for (var i = 0; i < events.Count; i++)
        {
            var bytes = BrokerEventSerializer.Instance.ToBinary(events[i]);
            Assert.True(recovery.Apply(BrokerEventSerializer.Instance.FromBinary(BrokerEventSerializer.QueueEventsV1, bytes), sequenceNrs[i]));
        }
        var live = recovery.InIdOrder();
        Assert.Equal(599, live.Count);
        Assert.DoesNotContain(live, m => m.Enqueued.Id == acked);
        Assert.True(live[0].Delivered);
        Assert.Equal(delivery.MessageId, live[0].Enqueued.Id);
        Assert.All(live.Skip(1), m => Assert.False(m.Delivered));
        // Names repeat in a batch: decoding reuses one string instance.
        Assert.Same(live[1].Enqueued.RoutingKey, live[2].Enqueued.RoutingKey);
    }
}
