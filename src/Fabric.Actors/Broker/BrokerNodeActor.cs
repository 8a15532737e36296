using Fabric.Actors;
using Fabric.Broker.Durability;
using Fabric.Broker.VirtualHosts;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker;

/// <summary>
/// /user/node: the root of a node's broker. Supervises the security actor and one VirtualHostActor per vhost
/// (restarted on failure; a vhost actor keeps its registry and children across restarts).
/// </summary>
internal sealed class BrokerNodeActor : UntypedActor
{
    private readonly ILoggerFactory? _loggers;
    private readonly TaskCompletionSource _stopped;
    // Vhost actors being stopped, and who waits for them.
    private readonly Dictionary<IActorRef, IActorRef> _stopping = new();
    private long _nameGeneration;

    public BrokerNodeActor(ILoggerFactory? loggers, TaskCompletionSource stopped)
    {
        _loggers = loggers;
        _stopped = stopped;
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case StartVirtualHost start:
                var vhost = start.VirtualHost;
                var topology = start.Topology;
                var logger = _loggers?.CreateLogger("Fabric.Broker.VirtualHost");
                var actor = Context.ActorOf(Props.Create(() => new VirtualHostActor(vhost, topology, logger)),
                    FreeName(ActorNames.Escape("vhost-", vhost.Name)));
                Sender.Tell(actor, Self);
                break;
            case StopVirtualHost stop:
                _stopping[stop.Actor] = Sender;
                Context.Watch(stop.Actor);
                Context.Stop(stop.Actor);
                break;
            case Terminated terminated when _stopping.Remove(terminated.ActorRef, out var waiter):
                waiter.Tell(terminated, Self);
                break;
            case StartSecurity start:
                Sender.Tell(Context.ActorOf(start.Props, "security"), Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>A deleted vhost's actor may still hold its name while a new one of the name starts.</summary>
    private string FreeName(string name)
    {
        var candidate = name;
        while (Context.Child(candidate) is not null) candidate = name + "~" + ++_nameGeneration;
        return candidate;
    }

    // The vhosts keep running if this actor is ever restarted.
    protected override void PreRestart(Exception reason, object? message) { }

    protected override void PostRestart(Exception reason) { }

    protected override void PostStop() => _stopped.TrySetResult();

    /// <summary>Creates the vhost's actor (restoring the recovered topology, if any); the reply is its IActorRef.</summary>
    internal sealed record StartVirtualHost(VirtualHost VirtualHost, TopologyJournal? Topology);

    /// <summary>Stops a vhost's actor (its exchanges and queues first); the reply is its <see cref="Terminated"/>.</summary>
    internal sealed record StopVirtualHost(IActorRef Actor);

    /// <summary>Creates /user/node/security; the reply is its IActorRef.</summary>
    internal sealed record StartSecurity(Props Props);
}
