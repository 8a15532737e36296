namespace Fabric.Broker.Durability;

/// <summary>Timer message of a durable queue to itself: write the delivered/removed ids that wait unwritten.</summary>
internal sealed class QueueWriteDue
{
    public static readonly QueueWriteDue Instance = new();

    private QueueWriteDue()
    {
    }
}
