namespace Fabric.Broker.Durability;

/// <summary>Queue event: journalled messages left the queue (acked, expired, dropped, dead-lettered, purged).</summary>
public sealed class MessagesRemoved(long[] ids)
{
    public long[] Ids { get; } = ids;

    public override string ToString() => $"MessagesRemoved({Ids.Length})";
}
