namespace Fabric.Broker.Durability;

/// <summary>Queue event: journalled messages were delivered (recovered unacked, they come back redelivered).</summary>
public sealed class MessagesDelivered(long[] ids)
{
    public long[] Ids { get; } = ids;

    public override string ToString() => $"MessagesDelivered({Ids.Length})";
}
