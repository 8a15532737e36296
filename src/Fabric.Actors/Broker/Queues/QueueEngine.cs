using Fabric.Broker.Messages;

namespace Fabric.Broker.Queues;

/// <summary>
/// The state machine of one classic queue (RabbitMQ semantics): ready messages, consumers, unacked deliveries,
/// TTL, length limits, dead-lettering. Plain single-threaded data structure: the QueueActor calls it from its
/// own thread, passes the time in, and turns the calls it receives on <see cref="IQueueEffects"/> into I/O.
/// Effects must not call back into the engine. After any call, <see cref="NextExpiryDueMs"/> and
/// <see cref="ExpiresDueMs"/> tell the actor when to call <see cref="ExpireDue"/> / <see cref="ShouldExpire"/>.
/// </summary>
public sealed partial class QueueEngine
{
    private readonly IQueueEffects _effects;
    private readonly ReadyQueue _ready;
    private readonly Dictionary<long, UnackedEntry> _unacked = new();
    private readonly ConsumerSet _consumers;
    private readonly bool _isQuorum;
    // Scratch space for bulk operations (channel close, purge, delete); created on first use, never escapes.
    private List<long>? _scratchIds;
    private List<QueueEntry>? _scratchEntries;
    private long _nextId = 1;
    private long _lastUsedMs;

    /// <param name="firstMessageId">The id of the first message (default 1); a queue re-created under the same name
    /// may start elsewhere, so that a channel's late settle of an old delivery matches nothing.</param>
    public QueueEngine(
        string name, string virtualHost, bool durable, QueueArguments arguments, IQueueEffects effects, long nowMs,
        long firstMessageId = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstMessageId, 1);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(virtualHost);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(effects);
        Name = name;
        VirtualHost = virtualHost;
        Durable = durable;
        Arguments = arguments;
        _effects = effects;
        _ready = new ReadyQueue(arguments.MaxPriority ?? 0);
        _consumers = new ConsumerSet(arguments.SingleActiveConsumer);
        _isQuorum = arguments.QueueType == "quorum";
        _lastUsedMs = nowMs;
        _nextId = firstMessageId;
    }

    public string Name { get; }

    public string VirtualHost { get; }

    public bool Durable { get; }

    public QueueArguments Arguments { get; }

    /// <summary>Ready messages (what queue.declare-ok and basic.get-ok report).</summary>
    public int MessageCount => _ready.Count;

    public long ReadyBytes => _ready.Bytes;

    public int UnackedCount => _unacked.Count;

    public long UnackedBytes { get; private set; }

    public int ConsumerCount => _consumers.Count;

    /// <summary>Consumers in registration order.</summary>
    public IReadOnlyList<QueueConsumer> Consumers => _consumers.Registered;

    /// <summary>On a single-active-consumer queue, the consumer being served.</summary>
    public QueueConsumer? SingleActiveConsumer => _consumers.SingleActive;

    /// <summary>The id the next enqueued message will get.</summary>
    public long NextMessageId => _nextId;

    /// <summary>"queue 'name' in vhost 'vhost'", RabbitMQ's way of naming a queue in error texts.</summary>
    private string Described => $"queue '{Name}' in vhost '{VirtualHost}'";

    /// <summary>Delivers ready messages to consumers with credit, expiring messages as they reach the head.</summary>
    private void RunQueue(long nowMs)
    {
        while (true)
        {
            var lane = _ready.HeadLane();
            if (lane is null) return;
            var consumer = _consumers.PeekAvailable();
            if (consumer is null) return;
            var entry = _ready.PopHead(lane);
            if (entry.ExpiresAtMs <= nowMs)
            {
                RemoveDead(entry, DeadLetterReason.Expired);
                continue;
            }
            DeliverTo(consumer, entry);
        }
    }

    private void DeliverTo(QueueConsumer consumer, QueueEntry entry)
    {
        entry.DeliveryCount++;
        if (consumer.NoAck)
        {
            if (consumer.Credit > 0) consumer.InFlight++;
            if (entry.Persisted) _effects.PersistRemove(entry.Id);
        }
        else
        {
            consumer.Unacked++;
            if (consumer.Channel is { } credit) credit.Unacked++;
            _unacked.Add(entry.Id, new UnackedEntry(entry, consumer, consumer.ChannelKey));
            UnackedBytes += entry.Message.BodySize;
        }
        _consumers.Rotate(consumer);
        _effects.Deliver(new Delivery(
            consumer.Tag, consumer.ChannelKey, entry.Id, entry.Message, entry.Redelivered, entry.DeliveryCount));
    }

    /// <summary>A message leaves the queue for good without being acked: dead-letter it if there is a DLX.</summary>
    private void RemoveDead(in QueueEntry entry, DeadLetterReason reason)
    {
        if (entry.Persisted) _effects.PersistRemove(entry.Id);
        if (Arguments.DeadLetterExchange is not null) _effects.DeadLetter(entry.Message, reason, Name);
    }
}
