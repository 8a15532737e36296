namespace Fabric.Broker.Queues;

/// <summary>The consumers of one x-priority: a round-robin ring of those that can take a delivery now.</summary>
internal sealed class ConsumerGroup
{
    public ConsumerGroup(int priority) => Priority = priority;

    public int Priority { get; }

    /// <summary>Registered, not removed consumers of this priority.</summary>
    public int Members { get; set; }

    public RingBuffer<QueueConsumer> Ring { get; } = new(4);
}
