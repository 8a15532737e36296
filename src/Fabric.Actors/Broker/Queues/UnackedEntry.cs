namespace Fabric.Broker.Queues;

/// <summary>A delivered, not yet settled message: who holds it.</summary>
internal struct UnackedEntry
{
    public QueueEntry Entry;
    /// <summary>The consumer it went to; null for basic.get.</summary>
    public QueueConsumer? Consumer;
    public long ChannelKey;

    public UnackedEntry(QueueEntry entry, QueueConsumer? consumer, long channelKey)
    {
        Entry = entry;
        Consumer = consumer;
        ChannelKey = channelKey;
    }
}
