namespace Fabric.Broker.Connections;

/// <summary>Self-told after the first write of a batch: emit coalesced confirms and settles, then flush once.</summary>
internal sealed class BatchEnd
{
    public static readonly BatchEnd Instance = new();

    private BatchEnd()
    {
    }
}
