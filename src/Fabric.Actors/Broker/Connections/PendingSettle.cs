using Fabric.Broker.Contracts;

namespace Fabric.Broker.Connections;

/// <summary>Settlements of one kind for one queue, gathered over a batch and sent as one QueueSettle (then emptied and
/// kept for the next batch).</summary>
internal sealed class PendingSettle(string queue, SettleKind kind)
{
    public string Queue { get; } = queue;

    public SettleKind Kind { get; } = kind;

    public List<long> MessageIds { get; } = [];
}
