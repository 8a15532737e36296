using System.Globalization;
using System.Text;
using Fabric.Broker.Messages;
using Fabric.Broker.Queues;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

/// <summary>
/// Random operation sequences run against the engine and a plain list model. Every effect is checked against the
/// model as it happens (deliveries come from the head, within credit, to the right consumer; dead-letters come
/// from a legal state), and after each operation the counts must agree. So no message is lost or duplicated:
/// each one ends exactly once (acked, consumed no-ack, purged, dead-lettered) or is still held.
/// </summary>
public class QueueEngineModelTests
{
    private const int Channels = 3;
    private const byte MaxPriority = 3;

    public sealed record Setup(bool Priorities, int? MaxLength, bool RejectPublish, int? QueueTtl, bool SingleActive);

    public abstract record Op;
    public sealed record Publish(byte Priority, int? ExpirationMs) : Op;
    public sealed record Consume(int Channel, int Prefetch, bool NoAck, int Priority) : Op;
    public sealed record Cancel(int Pick) : Op;
    public sealed record Ack(int Pick, int Count) : Op;
    public sealed record Nack(int Pick, int Count, bool Requeue) : Op;
    public sealed record Get(int Channel, bool NoAck) : Op;
    public sealed record Close(int Channel) : Op;
    public sealed record Recover(int Channel) : Op;
    public sealed record Tick(int Ms) : Op;
    public sealed record Purge : Op;

    public sealed record Scenario(Setup Setup, Op[] Ops)
    {
        public override string ToString() => $"{Setup} [{string.Join(", ", Ops.Select(o => o.ToString()))}]";
    }

    private static Gen<Op> OpGen()
    {
        var channel = Gen.Choose(0, Channels - 1);
        return Gen.Frequency(
            (8, Gen.Choose(0, 5).Zip(Gen.Choose(-1, 40), (p, e) => (Op)new Publish((byte)p, e < 0 ? null : e))),
            (2, channel.Zip(Gen.Choose(0, 3)).Zip(Gen.Elements(true, false, false, false).Zip(Gen.Choose(0, 2)),
                (a, b) => (Op)new Consume(a.Item1, a.Item2, b.Item1, b.Item2))),
            (1, Gen.Choose(0, 10).Select(i => (Op)new Cancel(i))),
            (4, Gen.Choose(0, 20).Zip(Gen.Choose(1, 3), (p, c) => (Op)new Ack(p, c))),
            (3, Gen.Choose(0, 20).Zip(Gen.Choose(1, 3)).Zip(Gen.Elements(true, false),
                (pc, r) => (Op)new Nack(pc.Item1, pc.Item2, r))),
            (2, channel.Zip(Gen.Elements(true, false), (c, n) => (Op)new Get(c, n))),
            (1, channel.Select(c => (Op)new Close(c))),
            (1, channel.Select(c => (Op)new Recover(c))),
            (2, Gen.Choose(1, 30).Select(ms => (Op)new Tick(ms))),
            (1, Gen.Constant((Op)new Purge())));
    }

    private static Gen<Scenario> ScenarioGen()
    {
        var setup =
            from priorities in Gen.Elements(true, false)
            from maxLength in Gen.Choose(-1, 6)
            from reject in Gen.Elements(true, false)
            from ttl in Gen.Choose(-3, 50)
            from single in Gen.Elements(true, false, false)
            select new Setup(priorities, maxLength < 0 ? null : maxLength, reject, ttl < 0 ? null : ttl, single);
        return setup.Zip(Gen.ArrayOf(OpGen()), (s, ops) => new Scenario(s, ops));
    }

    private static IEnumerable<Scenario> Shrink(Scenario s)
    {
        var ops = s.Ops;
        if (ops.Length == 0) yield break;
        yield return s with { Ops = ops[..(ops.Length / 2)] };
        yield return s with { Ops = ops[(ops.Length / 2)..] };
        if (ops.Length > 40) yield break;
        for (var i = 0; i < ops.Length; i++)
            yield return s with { Ops = [.. ops[..i], .. ops[(i + 1)..]] };
    }

    [Fact]
    public void Random_operation_sequences_agree_with_the_model()
    {
        var property = Prop.ForAll(Arb.From(ScenarioGen(), Shrink), (Action<Scenario>)(s => new ModelRun(s.Setup).Run(s.Ops)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000).WithEndSize(60), property);
    }

    [Fact]
    public void A_long_busy_sequence_agrees_with_the_model()
    {
        var ops = ScenarioGen().Sample(400, 1)[0];
        new ModelRun(new Setup(true, 5, false, 30, false)).Run(ops.Ops);
        new ModelRun(new Setup(false, null, false, null, false)).Run(ops.Ops);
    }

    private enum Status { Ready, Unacked, Done }

    private sealed class ModelMessage
    {
        public required int Seq;
        public required int Lane;
        public required long ExpiresAt;
        public Status Status;
        public bool Redelivered;
        public long MessageId;
        public int Channel;
        public ModelConsumer? Consumer;
        public bool ExpectReject;
    }

    private sealed class ModelConsumer
    {
        public required string Tag;
        public required int Channel;
        public required int Prefetch;
        public required bool NoAck;
        public required int Priority;
        public int Unacked;
        public bool HasCredit => NoAck || Prefetch == 0 || Unacked < Prefetch;
    }

    private sealed class EventLog : IQueueEffects
    {
        public readonly List<object> Events = new();
        public readonly HashSet<long> Journal = new();

        public void Deliver(in Delivery delivery) => Events.Add(delivery);
        public void DeadLetter(Message message, DeadLetterReason reason, string queueName) => Events.Add((message, reason));
        public void PersistEnqueue(long messageId, Message message, long expiresAtMs) =>
            Assert.True(Journal.Add(messageId), $"journalled twice: {messageId}");
        public void PersistRemove(long messageId) =>
            Assert.True(Journal.Remove(messageId), $"removed from journal but not in it: {messageId}");
    }

    private sealed class ModelRun
    {
        private readonly Setup _setup;
        private readonly EventLog _log = new();
        private readonly QueueEngine _engine;
        private readonly List<ModelMessage> _messages = new();
        private readonly List<ModelConsumer> _consumers = new(); // registration order
        private readonly Dictionary<long, ModelMessage> _byId = new();
        private long _now = 1000;
        private int _tags;
        private int _published;

        public ModelRun(Setup setup)
        {
            _setup = setup;
            var args = new Dictionary<string, object?> { ["x-dead-letter-exchange"] = "dlx" };
            if (setup.Priorities) args["x-max-priority"] = MaxPriority;
            if (setup.MaxLength is { } max) args["x-max-length"] = max;
            if (setup.RejectPublish) args["x-overflow"] = "reject-publish";
            if (setup.QueueTtl is { } ttl) args["x-message-ttl"] = ttl;
            if (setup.SingleActive) args["x-single-active-consumer"] = true;
            var parsed = QueueArguments.Parse(args);
            Assert.True(parsed.IsOk, parsed.Error);
            _engine = new QueueEngine("q", "/", durable: true, parsed.Arguments!, _log, _now);
        }

        public void Run(Op[] ops)
        {
            foreach (var op in ops)
            {
                _log.Events.Clear();
                Apply(op);
                CheckAgreement(op);
            }
            // Deleting drops everything held: the journal must end empty.
            Assert.Equal(Ready().Count, _engine.Delete());
            Assert.Empty(_log.Journal);
        }

        private void Apply(Op op)
        {
            switch (op)
            {
                case Publish p:
                {
                    var seq = _published++;
                    var message = new Message("ex", "rk", ReadOnlyMemory<byte>.Empty,
                        Encoding.UTF8.GetBytes(seq.ToString(CultureInfo.InvariantCulture)), true, p.Priority, p.ExpirationMs);
                    var full = _setup.MaxLength is { } max && Ready().Count + 1 > max;
                    var expected = _setup.RejectPublish && full ? EnqueueResult.Rejected : EnqueueResult.Accepted;
                    if (expected == EnqueueResult.Accepted)
                    {
                        long? ttl = _setup.QueueTtl;
                        if (p.ExpirationMs is { } e && (ttl is null || e < ttl)) ttl = e;
                        _messages.Add(new ModelMessage
                        {
                            Seq = seq,
                            Lane = _setup.Priorities ? Math.Min(p.Priority, MaxPriority) : 0,
                            ExpiresAt = ttl is { } t ? _now + t : long.MaxValue,
                        });
                    }
                    Assert.Equal(expected, _engine.Enqueue(message, _now));
                    ProcessEvents(directSeq: seq);
                    break;
                }
                case Consume c:
                {
                    var tag = "c" + _tags++;
                    Assert.Null(_engine.AddConsumer(tag, c.Channel, c.NoAck, false, c.Prefetch, c.Priority, _now));
                    _consumers.Add(new ModelConsumer
                    {
                        Tag = tag, Channel = c.Channel, Prefetch = c.Prefetch, NoAck = c.NoAck, Priority = c.Priority,
                    });
                    ProcessEvents();
                    break;
                }
                case Cancel c:
                {
                    if (_consumers.Count == 0) return;
                    var consumer = _consumers[c.Pick % _consumers.Count];
                    _consumers.Remove(consumer);
                    Assert.True(_engine.RemoveConsumer(consumer.Channel, consumer.Tag, _now));
                    ProcessEvents();
                    break;
                }
                case Ack a:
                {
                    var picked = PickUnacked(a.Pick, a.Count);
                    foreach (var m in picked) Settle(m);
                    Assert.Equal(picked.Count, _engine.Ack(picked.ConvertAll(m => m.MessageId).ToArray(), _now));
                    ProcessEvents();
                    break;
                }
                case Nack n:
                {
                    var picked = PickUnacked(n.Pick, n.Count);
                    foreach (var m in picked)
                    {
                        if (n.Requeue) Requeue(m);
                        else m.ExpectReject = true;
                    }
                    Assert.Equal(picked.Count, _engine.Reject(picked.ConvertAll(m => m.MessageId).ToArray(), n.Requeue, _now));
                    ProcessEvents();
                    foreach (var m in picked) Assert.False(m.ExpectReject, $"{m.Seq} was not dead-lettered as rejected");
                    break;
                }
                case Get g:
                {
                    var got = _engine.TryGet(g.Channel, g.NoAck, _now, out var delivery);
                    ProcessEvents();
                    var head = Head();
                    Assert.Equal(head is not null, got);
                    if (!got) break;
                    Assert.Equal(head!.Seq, SeqOf(delivery.Message));
                    Assert.Null(delivery.ConsumerTag);
                    Assert.True(head.ExpiresAt > _now, "basic.get returned an expired message");
                    TakeFromReady(head, delivery, g.NoAck ? null : g.Channel, null);
                    break;
                }
                case Close c:
                {
                    _consumers.RemoveAll(x => x.Channel == c.Channel);
                    var held = _messages.FindAll(m => m.Status == Status.Unacked && m.Channel == c.Channel);
                    foreach (var m in held) Requeue(m);
                    Assert.Equal(held.Count, _engine.ChannelClosed(c.Channel, _now));
                    ProcessEvents();
                    break;
                }
                case Recover r:
                {
                    var held = _messages.FindAll(m => m.Status == Status.Unacked && m.Channel == r.Channel);
                    foreach (var m in held) Requeue(m);
                    Assert.Equal(held.Count, _engine.Recover(r.Channel, _now));
                    ProcessEvents();
                    break;
                }
                case Tick t:
                    _now += t.Ms;
                    _engine.ExpireDue(_now);
                    ProcessEvents();
                    break;
                case Purge:
                {
                    var ready = Ready();
                    foreach (var m in ready) m.Status = Status.Done;
                    Assert.Equal(ready.Count, _engine.Purge());
                    Assert.Empty(_log.Events);
                    break;
                }
            }
        }

        private void ProcessEvents(int directSeq = -1)
        {
            foreach (var e in _log.Events)
            {
                if (e is Delivery d)
                {
                    var head = Head();
                    Assert.NotNull(head);
                    Assert.Equal(head.Seq, SeqOf(d.Message));
                    Assert.True(head.ExpiresAt > _now || head.Seq == directSeq, $"delivered expired message {head.Seq}");
                    Assert.Equal(head.Redelivered, d.Redelivered);
                    var consumer = _consumers.Find(c => c.Tag == d.ConsumerTag);
                    Assert.NotNull(consumer);
                    Assert.Equal(consumer.Channel, d.ChannelKey);
                    Assert.True(consumer.HasCredit, $"{consumer.Tag} had no credit");
                    if (_setup.SingleActive) Assert.Same(_consumers[0], consumer);
                    foreach (var other in _consumers)
                        Assert.False(other.HasCredit && other.Priority > consumer.Priority && !_setup.SingleActive,
                            $"{other.Tag} has higher priority and credit");
                    TakeFromReady(head, d, consumer.NoAck ? null : consumer.Channel, consumer);
                }
                else
                {
                    var (message, reason) = ((Message, DeadLetterReason))e;
                    var m = _messages.Find(x => x.Seq == SeqOf(message))!;
                    switch (reason)
                    {
                        case DeadLetterReason.Rejected:
                            Assert.True(m.ExpectReject, $"{m.Seq} dead-lettered as rejected unexpectedly");
                            m.ExpectReject = false;
                            Settle(m);
                            break;
                        case DeadLetterReason.Expired:
                            Assert.Equal(Status.Ready, m.Status);
                            Assert.True(m.ExpiresAt <= _now, $"{m.Seq} expired early");
                            Assert.Same(LaneHead(m.Lane), m);
                            m.Status = Status.Done;
                            break;
                        case DeadLetterReason.MaxLen:
                            Assert.Same(Head(), m);
                            Assert.False(_setup.RejectPublish);
                            m.Status = Status.Done;
                            break;
                        default:
                            Assert.Fail($"unexpected reason {reason}");
                            break;
                    }
                }
            }
        }

        private void TakeFromReady(ModelMessage m, Delivery d, int? channel, ModelConsumer? consumer)
        {
            if (channel is null)
            {
                m.Status = Status.Done;
                return;
            }
            m.Status = Status.Unacked;
            m.Channel = channel.Value;
            m.Consumer = consumer;
            m.MessageId = d.MessageId;
            _byId[d.MessageId] = m;
            if (consumer is not null) consumer.Unacked++;
        }

        private void Settle(ModelMessage m)
        {
            Assert.Equal(Status.Unacked, m.Status);
            m.Status = Status.Done;
            if (m.Consumer is { } c) c.Unacked--;
            m.Consumer = null;
        }

        private void Requeue(ModelMessage m)
        {
            Settle(m);
            m.Status = Status.Ready;
            m.Redelivered = true;
        }

        private List<ModelMessage> PickUnacked(int pick, int count)
        {
            var unacked = _messages.FindAll(m => m.Status == Status.Unacked);
            var picked = new List<ModelMessage>();
            for (var i = 0; i < Math.Min(count, unacked.Count); i++) picked.Add(unacked[(pick + i) % unacked.Count]);
            return picked.Distinct().ToList();
        }

        private List<ModelMessage> Ready() => _messages.FindAll(m => m.Status == Status.Ready);

        private ModelMessage? Head()
        {
            ModelMessage? head = null;
            foreach (var m in _messages)
            {
                if (m.Status != Status.Ready) continue;
                if (head is null || m.Lane > head.Lane || m.Lane == head.Lane && m.Seq < head.Seq) head = m;
            }
            return head;
        }

        private ModelMessage? LaneHead(int lane) =>
            _messages.Find(m => m.Status == Status.Ready && m.Lane == lane); // _messages is in seq order

        private static int SeqOf(Message message) =>
            int.Parse(Encoding.UTF8.GetString(message.Body.Span), CultureInfo.InvariantCulture);

        private void CheckAgreement(Op op)
        {
            var ready = Ready();
            var unacked = _messages.Count(m => m.Status == Status.Unacked);
            Assert.True(ready.Count == _engine.MessageCount, $"after {op}: ready {_engine.MessageCount}, model {ready.Count}");
            Assert.True(unacked == _engine.UnackedCount, $"after {op}: unacked {_engine.UnackedCount}, model {unacked}");
            Assert.Equal(_consumers.Count, _engine.ConsumerCount);
            // drop-head keeps the limit at all times; reject-publish only refuses publishes (requeues may exceed it).
            if (_setup.MaxLength is { } limit && !_setup.RejectPublish)
                Assert.True(ready.Count <= limit, $"after {op}: {ready.Count} ready over max-length {limit}");
            // Everything held is journalled (durable queue, persistent messages), nothing else.
            Assert.Equal(ready.Count + unacked, _log.Journal.Count);
            // Dispatch never stalls: a consumer that can take a message leaves nothing ready.
            var canTake = _setup.SingleActive
                ? _consumers.Count > 0 && _consumers[0].HasCredit
                : _consumers.Exists(c => c.HasCredit);
            if (canTake) Assert.True(ready.Count == 0, $"after {op}: {ready.Count} ready while a consumer has credit");
        }
    }
}
