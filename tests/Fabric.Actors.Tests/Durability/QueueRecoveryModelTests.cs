using System.Text;
using Fabric.Actors.Tests.Queues;
using Fabric.Amqp.Content;
using Fabric.Broker.Durability;
using Fabric.Broker.Messages;
using Fabric.Broker.Queues;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Durability;

/// <summary>
/// Property: random queue traffic through a <see cref="QueueJournal"/> (with aggressive compaction), a crash, recovery,
/// more traffic, another crash: what comes back is exactly the journalled messages the engine still held (ready or
/// unacked), in id order, redelivered exactly when they had been delivered, with their content.
/// </summary>
public sealed class QueueRecoveryModelTests
{
    public abstract record Op;
    public sealed record Publish(bool Persistent) : Op;
    public sealed record Consume(int Channel, int Prefetch, bool NoAck) : Op;
    public sealed record Settle(int Pick, int Kind) : Op;
    public sealed record Get(int Channel, bool NoAck) : Op;
    public sealed record Close(int Channel) : Op;
    public sealed record Turn : Op;

    private static readonly byte[] PersistentProperties = new BasicProperties { DeliveryMode = 2 }.ToArray();
    private static readonly byte[] TransientProperties = new BasicProperties { DeliveryMode = 1 }.ToArray();

    private static Gen<Op> OpGen() => Gen.Frequency(
        (6, Gen.Elements(true, true, true, false).Select(p => (Op)new Publish(p))),
        (1, Gen.Choose(0, 2).Zip(Gen.Choose(0, 3)).Zip(Gen.Elements(false, false, false, true),
            (cp, noAck) => (Op)new Consume(cp.Item1, cp.Item2, noAck))),
        (4, Gen.Choose(0, 10).Zip(Gen.Choose(0, 2), (p, k) => (Op)new Settle(p, k))),
        (1, Gen.Choose(0, 2).Zip(Gen.Elements(true, false), (c, n) => (Op)new Get(c, n))),
        (1, Gen.Choose(0, 2).Select(c => (Op)new Close(c))),
        (3, Gen.Constant((Op)new Turn())));

    [Fact]
    public void Recovery_restores_exactly_the_live_journalled_messages_with_redelivered_flags()
    {
        var gen = OpGen().ArrayOf().Zip(OpGen().ArrayOf());
        Prop.ForAll(gen.ToArbitrary(), lives =>
        {
            var store = new SimulatedStore();
            var first = new Life(store, null);
            first.Run(lives.Item1);
            var second = new Life(store, first.Crash());
            second.Run(lives.Item2);
            second.Crash();
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_long_run_with_compaction_recovers_correctly()
    {
        var ops = OpGen().ArrayOf(3000).Sample(1, 1)[0];
        var store = new SimulatedStore();
        var life = new Life(store, null);
        life.Run(ops);
        var next = new Life(store, life.Crash());
        next.Run(ops);
        next.Crash();
        Assert.True(store.Events.Count < 3000, $"{store.Events.Count} events kept");
    }

    /// <summary>One incarnation of a durable queue: engine, journal, and the truth recorded beside them.</summary>
    private sealed class Life
    {
        private static readonly QueueCompactionSettings Compaction = new() { CompactEvery = 4, SnapshotMaxMessages = 3 };

        private readonly SimulatedStore _store;
        private readonly RecordingEffects _truth = new();
        private readonly QueueJournal _journal;
        private readonly QueueEngine _engine;
        private readonly HashSet<long> _live = new();
        private readonly HashSet<long> _delivered = new();
        private readonly List<(long Channel, long Id)> _unacked = new();
        private readonly List<object> _events = new();
        private int _deliveriesSeen;
        private int _consumers;

        public Life(SimulatedStore store, (QueueRecovery Recovery, long LastSequenceNr, long SnapshotSequenceNr)? recovered)
        {
            _store = store;
            _journal = new QueueJournal(_truth, Compaction);
            _engine = new QueueEngine("q", "/", durable: true, QueueArguments.Default, new TeeEffects(_journal, _truth), 0);
            if (recovered is { } r)
            {
                r.Recovery.RestoreInto(_engine);
                _journal.Seed(r.Recovery, r.LastSequenceNr, r.SnapshotSequenceNr);
                foreach (var m in r.Recovery.InIdOrder())
                {
                    _live.Add(m.Enqueued.Id);
                    if (m.Delivered) _delivered.Add(m.Enqueued.Id);
                }
            }
        }

        public void Run(Op[] ops)
        {
            foreach (var op in ops) Apply(op);
            EndTurn();
        }

        /// <summary>Everything taken is durable; recover what a restart would see and check it against the truth.</summary>
        public (QueueRecovery, long, long) Crash()
        {
            EndTurn();
            var recovered = _store.Recover();
            var restored = recovered.Recovery.InIdOrder();
            var ids = new List<long>();
            foreach (var m in restored)
            {
                ids.Add(m.Enqueued.Id);
                Assert.Equal(_delivered.Contains(m.Enqueued.Id), m.Delivered);
                Assert.Equal("m" + m.Enqueued.Id, Encoding.UTF8.GetString(m.Enqueued.Body.Span));
                Assert.True(m.Enqueued.ToMessage().Persistent);
            }
            var expected = new List<long>(_live);
            expected.Sort();
            Assert.Equal(expected, ids);

            // And a fresh engine hands them out in id order, redelivered as recorded.
            var sink = new RecordingEffects();
            var engine = new QueueEngine("q", "/", true, QueueArguments.Default, sink, 0);
            recovered.Recovery.RestoreInto(engine);
            Assert.Null(engine.AddConsumer("check", 99, noAck: false, exclusive: false, prefetch: 0, priority: 0, nowMs: 0));
            Assert.Equal(expected.Count, sink.Deliveries.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], sink.Deliveries[i].MessageId);
                Assert.Equal(_delivered.Contains(expected[i]), sink.Deliveries[i].Redelivered);
            }
            return recovered;
        }

        private void Apply(Op op)
        {
            switch (op)
            {
                case Publish p:
                    var id = _engine.NextMessageId;
                    var properties = p.Persistent ? PersistentProperties : TransientProperties;
                    var message = new Message("ex", "rk", properties, Encoding.UTF8.GetBytes("m" + id), p.Persistent);
                    Assert.Equal(EnqueueResult.Accepted, _engine.Enqueue(message, 0));
                    break;
                case Consume c:
                    _engine.AddConsumer("c" + _consumers++, c.Channel, c.NoAck, false, c.Prefetch, 0, 0);
                    break;
                case Settle s when _unacked.Count > 0:
                    var (channel, pick) = _unacked[s.Pick % _unacked.Count];
                    _unacked.RemoveAll(u => u.Id == pick);
                    if (s.Kind == 0) _engine.Ack(pick, 0);
                    else _engine.Reject(pick, requeue: s.Kind == 1, 0);
                    break;
                case Get g:
                    if (_engine.TryGet(g.Channel, g.NoAck, 0, out var delivery) && !g.NoAck)
                    {
                        _journal.Delivered(delivery.MessageId);
                        _unacked.Add((delivery.ChannelKey, delivery.MessageId));
                        if (delivery.Message.Persistent) _delivered.Add(delivery.MessageId);
                    }
                    break;
                case Close c:
                    _unacked.RemoveAll(u => u.Channel == c.Channel);
                    _engine.ChannelClosed(c.Channel, 0);
                    break;
                case Turn:
                    EndTurn();
                    break;
            }
            Observe();
        }

        private void Observe()
        {
            for (; _deliveriesSeen < _truth.Deliveries.Count; _deliveriesSeen++) OnDelivered(_truth.Deliveries[_deliveriesSeen]);
            foreach (var id in _truth.PersistedEnqueues) _live.Add(id);
            foreach (var id in _truth.PersistedRemoves)
            {
                _live.Remove(id);
                _delivered.Remove(id);
            }
            _truth.PersistedEnqueues.Clear();
            _truth.PersistedRemoves.Clear();
        }

        private void OnDelivered(Delivery delivery)
        {
            _unacked.RemoveAll(u => u.Id == delivery.MessageId);
            // A no-ack delivery is settled at once (its removal is journalled, not its delivery).
            if (IsNoAckConsumer(delivery.ConsumerTag!)) return;
            _unacked.Add((delivery.ChannelKey, delivery.MessageId));
            if (delivery.Message.Persistent) _delivered.Add(delivery.MessageId);
        }

        private bool IsNoAckConsumer(string tag)
        {
            foreach (var consumer in _engine.Consumers)
                if (consumer.Tag == tag) return consumer.NoAck;
            return false;
        }

        private void EndTurn()
        {
            _events.Clear();
            var first = _journal.NextSequenceNr;
            _journal.TakeEvents(_events);
            _store.Write(first, _events);
            var durable = _journal.NextSequenceNr - 1;
            if (_journal.PlanCompaction(durable) is { } plan) _store.Apply(plan, durable);
        }
    }
}
