using Fabric.Broker.Buffers;

namespace Fabric.Broker.Queues;

public sealed partial class QueueEngine
{
    /// <summary>
    /// Gives back the storage a burst grew and no longer fills: the ready rings, the unacked table and the scratch
    /// lists (<see cref="SpareCapacity"/>). Called on the idle sweep, not per message.
    /// </summary>
    public void TrimExcess()
    {
        _ready.TrimExcess();
        SpareCapacity.Trim(_unacked);
        if (_scratchIds is { Capacity: > SpareCapacity.Small }) _scratchIds = null;
        if (_scratchEntries is { Capacity: > SpareCapacity.Small }) _scratchEntries = null;
    }
}
