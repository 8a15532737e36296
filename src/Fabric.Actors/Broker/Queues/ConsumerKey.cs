namespace Fabric.Broker.Queues;

/// <summary>Consumer tags are unique per channel, so a queue knows a consumer by (channel, tag).</summary>
internal readonly record struct ConsumerKey(long ChannelKey, string Tag);
