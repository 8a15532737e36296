using Fabric.Broker.Buffers;

namespace Fabric.Broker.Connections;

internal sealed partial class ConnectionActor
{
    /// <summary>The largest payload-assembly buffer kept across idle sweeps.</summary>
    private const int ScratchKept = 4096;

    /// <summary>The idle sweep: channels' tables and lists and the connection's scratch give back what a burst grew.</summary>
    private void OnTrimBuffers()
    {
        foreach (var channel in _channels.Values)
        {
            channel.TrimExcess();
        }

        SpareCapacity.Trim(_targets);
        if (_scratch.Length > ScratchKept)
        {
            _scratch = [];
        }
    }
}
