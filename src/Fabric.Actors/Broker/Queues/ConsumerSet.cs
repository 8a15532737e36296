namespace Fabric.Broker.Queues;

/// <summary>
/// A queue's consumers: registration order, the exclusive / single-active holder, and per x-priority
/// round-robin rings holding only consumers that can take a delivery (have credit and are active).
/// </summary>
internal sealed class ConsumerSet
{
    private Dictionary<ConsumerKey, QueueConsumer>? _byKey; // created by the first consumer
    private readonly List<QueueConsumer> _registered = new();
    // Ordered by priority, highest first.
    private readonly List<ConsumerGroup> _groups = new();
    private Dictionary<long, ChannelCredit>? _channelCredits; // only with basic.qos global
    private readonly bool _singleActive;
    private long _sequence;

    public ConsumerSet(bool singleActive) => _singleActive = singleActive;

    public int Count => _registered.Count;

    public IReadOnlyList<QueueConsumer> Registered => _registered;

    public QueueConsumer? Exclusive { get; private set; }

    /// <summary>The consumer currently served on a single-active-consumer queue.</summary>
    public QueueConsumer? SingleActive { get; private set; }

    public bool Contains(long channelKey, string tag) =>
        _byKey is not null && _byKey.ContainsKey(new ConsumerKey(channelKey, tag));

    public QueueConsumer Add(string tag, long channelKey, bool noAck, bool exclusive, int prefetch, int priority,
        int channelPrefetch = 0, int noAckCredit = 0)
    {
        var consumer = new QueueConsumer(tag, channelKey, noAck, exclusive, prefetch, priority, _sequence++, noAckCredit);
        if (channelPrefetch > 0 && !noAck)
        {
            var credits = _channelCredits ??= [];
            if (!credits.TryGetValue(channelKey, out var credit))
                credits[channelKey] = credit = new ChannelCredit(channelKey, channelPrefetch);
            credit.Limit = channelPrefetch;
            credit.Members.Add(consumer);
            consumer.Channel = credit;
        }
        (_byKey ??= []).Add(new ConsumerKey(channelKey, tag), consumer);
        _registered.Add(consumer);
        var group = GroupFor(priority);
        group.Members++;
        consumer.Group = group;
        if (exclusive) Exclusive = consumer;
        if (!_singleActive || SingleActive is null)
        {
            if (_singleActive) SingleActive = consumer;
            consumer.IsActive = true;
            MakeAvailable(consumer);
        }
        return consumer;
    }

    public QueueConsumer? Find(long channelKey, string tag) =>
        _byKey is not null && _byKey.TryGetValue(new ConsumerKey(channelKey, tag), out var consumer) ? consumer : null;

    public QueueConsumer? Remove(long channelKey, string tag)
    {
        if (_byKey is null || !_byKey.Remove(new ConsumerKey(channelKey, tag), out var consumer)) return null;
        _registered.Remove(consumer);
        Detach(consumer);
        return consumer;
    }

    /// <summary>Removes every consumer of a channel; returns how many.</summary>
    public int RemoveChannel(long channelKey)
    {
        var removed = 0;
        for (var i = _registered.Count - 1; i >= 0; i--)
        {
            var consumer = _registered[i];
            if (consumer.ChannelKey != channelKey) continue;
            _registered.RemoveAt(i);
            _byKey!.Remove(new ConsumerKey(consumer.ChannelKey, consumer.Tag));
            Detach(consumer);
            removed++;
        }
        return removed;
    }

    public void Clear()
    {
        _channelCredits?.Clear();
        for (var i = 0; i < _registered.Count; i++) _registered[i].IsRemoved = true;
        _registered.Clear();
        _byKey?.Clear();
        _groups.Clear();
        Exclusive = null;
        SingleActive = null;
    }

    /// <summary>
    /// A delivery of the consumer was settled: it (and, under a channel-wide limit, its channel's other consumers)
    /// may take deliveries again.
    /// </summary>
    public void Released(QueueConsumer consumer)
    {
        if (consumer.Channel is not { } credit)
        {
            MakeAvailable(consumer);
            return;
        }
        var members = credit.Members;
        for (var i = 0; i < members.Count; i++) MakeAvailable(members[i]);
    }

    /// <summary>Puts the consumer back in its ring if it can take a delivery and is not there already.</summary>
    public void MakeAvailable(QueueConsumer consumer)
    {
        if (consumer.IsRemoved || !consumer.IsActive || consumer.InRing || !consumer.HasCredit) return;
        consumer.Group!.Ring.PushBack(consumer);
        consumer.InRing = true;
    }

    /// <summary>The consumer next in turn: front of the highest-priority non-empty ring; null if none can take.</summary>
    public QueueConsumer? PeekAvailable()
    {
        for (var g = 0; g < _groups.Count; g++)
        {
            var ring = _groups[g].Ring;
            while (ring.Count > 0)
            {
                var consumer = ring.Front;
                if (!consumer.IsRemoved && consumer.IsActive && consumer.HasCredit) return consumer;
                ring.PopFront();
                consumer.InRing = false;
            }
        }
        return null;
    }

    /// <summary>After a delivery to the front consumer: to the back of its ring, or out of it when out of credit.</summary>
    public void Rotate(QueueConsumer consumer)
    {
        var ring = consumer.Group!.Ring;
        ring.PopFront();
        if (consumer.HasCredit)
            ring.PushBack(consumer);
        else
            consumer.InRing = false;
    }

    private void Detach(QueueConsumer consumer)
    {
        consumer.IsRemoved = true;
        if (consumer.Channel is { } credit)
        {
            // Its unacked deliveries still count against the channel until settled.
            credit.Members.Remove(consumer);
            if (credit.Members.Count == 0) _channelCredits?.Remove(credit.ChannelKey);
        }
        var group = consumer.Group!;
        if (--group.Members == 0) _groups.Remove(group);
        if (ReferenceEquals(Exclusive, consumer)) Exclusive = null;
        if (!ReferenceEquals(SingleActive, consumer)) return;
        // Hand over to the longest-waiting consumer, as RabbitMQ's classic queues do.
        SingleActive = _registered.Count > 0 ? _registered[0] : null;
        if (SingleActive is null) return;
        SingleActive.IsActive = true;
        MakeAvailable(SingleActive);
    }

    private ConsumerGroup GroupFor(int priority)
    {
        var i = 0;
        for (; i < _groups.Count; i++)
        {
            if (_groups[i].Priority == priority) return _groups[i];
            if (_groups[i].Priority < priority) break;
        }
        var group = new ConsumerGroup(priority);
        _groups.Insert(i, group);
        return group;
    }
}
