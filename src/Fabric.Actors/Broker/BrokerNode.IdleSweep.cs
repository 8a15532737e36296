using Fabric.Actors;
using Fabric.Broker.Buffers;

namespace Fabric.Broker;

/// <summary>
/// The idle sweep: every <see cref="IdleSweepInterval"/> each queue and connection is told <see cref="TrimBuffers"/>,
/// so that the arrays a burst grew (rings, unacked tables, confirm slots, scratch lists) do not stay at its peak.
/// </summary>
public sealed partial class BrokerNode
{
    internal static readonly TimeSpan IdleSweepInterval = TimeSpan.FromSeconds(30);

    private Timer? _idleSweep;

    private void StartIdleSweep() =>
        _idleSweep = new Timer(static node => ((BrokerNode)node!).SweepIdle(), this, IdleSweepInterval, IdleSweepInterval);

    /// <summary>Tells every queue of every vhost and every open connection to trim its buffers.</summary>
    internal void SweepIdle()
    {
        foreach (var vhost in _virtualHosts.Values)
        {
            foreach (var queue in vhost.State.Queues.Values) queue.Actor.Tell(TrimBuffers.Instance, ActorRefs.Nobody);
        }

        foreach (var session in _sessions.Values) session.Connection.Tell(TrimBuffers.Instance, ActorRefs.Nobody);
    }
}
