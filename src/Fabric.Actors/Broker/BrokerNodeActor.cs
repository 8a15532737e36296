using Fabric.Actors;
using Fabric.Broker.Durability;
using Fabric.Broker.Queues;
using Fabric.Broker.VirtualHosts;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker;

/// <summary>
/// /user/node: the root of a node's broker. Supervises one VirtualHostActor per vhost (restarted on failure; a
/// vhost actor keeps its registry and children across restarts).
/// </summary>
internal sealed class BrokerNodeActor : UntypedActor
{
    private readonly ILoggerFactory? _loggers;
    private readonly TaskCompletionSource _stopped;

    public BrokerNodeActor(ILoggerFactory? loggers, TaskCompletionSource stopped)
    {
        _loggers = loggers;
        _stopped = stopped;
    }

    protected override void OnReceive(object message)
    {
        if (message is not StartVirtualHost start)
        {
            Unhandled(message);
            return;
        }
        var vhost = start.VirtualHost;
        var topology = start.Topology;
        var logger = _loggers?.CreateLogger("Fabric.Broker.VirtualHost");
        var actor = Context.ActorOf(Props.Create(() => new VirtualHostActor(vhost, topology, logger)),
            ActorNames.Escape("vhost-", vhost.Name));
        Sender.Tell(actor, Self);
    }

    // The vhosts keep running if this actor is ever restarted.
    protected override void PreRestart(Exception reason, object? message) { }

    protected override void PostRestart(Exception reason) { }

    protected override void PostStop() => _stopped.TrySetResult();

    /// <summary>Creates the vhost's actor (restoring the recovered topology, if any); the reply is its IActorRef.</summary>
    internal sealed record StartVirtualHost(VirtualHost VirtualHost, TopologyJournal? Topology);
}
