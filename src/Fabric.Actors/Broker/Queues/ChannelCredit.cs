namespace Fabric.Broker.Queues;

/// <summary>
/// basic.qos global=true as seen by one queue: a prefetch limit shared by all of a channel's consumers on this queue.
/// Counts the channel's unacked deliveries to those consumers; when it drops below the limit, every member may take
/// deliveries again.
/// </summary>
internal sealed class ChannelCredit
{
    public ChannelCredit(long channelKey, int limit)
    {
        ChannelKey = channelKey;
        Limit = limit;
    }

    public long ChannelKey { get; }

    public int Limit { get; set; }

    public int Unacked { get; set; }

    public List<QueueConsumer> Members { get; } = [];

    public bool HasCredit => Unacked < Limit;
}
