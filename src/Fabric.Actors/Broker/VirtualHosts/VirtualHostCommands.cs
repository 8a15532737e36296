using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;

namespace Fabric.Broker.VirtualHosts;

// The VirtualHostActor's protocol. Topology commands are asked by the VirtualHost facade: the reply is the -ok
// value (TopologyOk / QueueDeclareOk / uint) or a Status.Failure carrying an AmqpProtocolException.

internal sealed record DeclareExchangeCommand(ExchangeDeclare Method, SessionInfo Session);

internal sealed record DeleteExchangeCommand(ExchangeDelete Method, SessionInfo Session);

/// <summary>queue.bind / exchange.bind (<see cref="Method"/> tells which, for error ids).</summary>
internal sealed record BindCommand(Binding Binding, SessionInfo Session, MethodId Method);

internal sealed record UnbindCommand(Binding Binding, SessionInfo Session, MethodId Method);

internal sealed record DeclareQueueCommand(QueueDeclare Method, SessionInfo Session);

internal sealed record PurgeQueueCommand(QueuePurge Method, SessionInfo Session);

internal sealed record DeleteQueueCommand(QueueDelete Method, SessionInfo Session);

internal sealed record ConnectionClosedCommand(long ConnectionId);

/// <summary>
/// QueueActor → its vhost: the queue has deleted itself (queue.delete, exclusive owner gone, auto-delete, x-expires);
/// drop it from the registry and its bindings, then tell <see cref="ReplyTo"/> the message count. A durable queue
/// reports the last sequence number of its journal: a queue declared again under the name continues after it.
/// </summary>
internal sealed record QueueRemoved(string Name, IActorRef Actor, uint MessageCount, IActorRef? ReplyTo,
    long LastSequenceNr = 0);

/// <summary>Reply to a topology command that has no -ok data (bind, unbind, exchange declare/delete).</summary>
internal sealed class TopologyOk
{
    public static readonly TopologyOk Instance = new();

    private TopologyOk() { }
}

/// <summary>Asked once at start: answered with <see cref="TopologyOk"/> after the standard exchanges exist.</summary>
internal sealed class VirtualHostReady
{
    public static readonly VirtualHostReady Instance = new();

    private VirtualHostReady() { }
}
