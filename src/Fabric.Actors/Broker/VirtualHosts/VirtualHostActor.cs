using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Broker.Durability;
using Fabric.Broker.Queues;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker.VirtualHosts;

/// <summary>
/// The single writer of a vhost's registry: serialises declare / delete / bind / unbind, enforces RabbitMQ's rules
/// and error texts, and supervises one child actor per exchange (x-*) and per queue (q-*). Its state lives in the
/// facade's <see cref="VirtualHostState"/>, so a restart loses nothing and does not stop the children. Durable
/// topology goes through its <see cref="TopologyJournal"/> (null: no persistence).
/// </summary>
internal sealed partial class VirtualHostActor : UntypedActor
{
    private readonly VirtualHost _vhost;
    private readonly VirtualHostState _state;
    private readonly TopologyJournal? _topology;
    private readonly ILogger? _logger;
    private long _nameGeneration;

    public VirtualHostActor(VirtualHost vhost, TopologyJournal? topology, ILogger? logger)
    {
        _vhost = vhost;
        _state = vhost.State;
        _topology = topology;
        _logger = logger;
    }

    private string VirtualHostName => _vhost.Name;

    protected override void PreStart()
    {
        if (_state.Exchanges.Count > 1) return; // the default exchange is there from the start
        DeclareStandardExchanges();
        RestoreTopology();
    }

    // Children and registry survive a restart of this actor.
    protected override void PreRestart(Exception reason, object? message) { }

    protected override void PostRestart(Exception reason) { }

    protected override void OnReceive(object message)
    {
        try
        {
            switch (message)
            {
                case DeclareExchangeCommand c: DeclareExchange(c); break;
                case DeleteExchangeCommand c: DeleteExchange(c); break;
                case BindCommand c: Bind(c); break;
                case UnbindCommand c: Unbind(c); break;
                case DeclareQueueCommand c: DeclareQueue(c); break;
                case PurgeQueueCommand c: PurgeQueue(c); break;
                case DeleteQueueCommand c: DeleteQueue(c); break;
                case ConnectionClosedCommand c: ConnectionClosed(c.ConnectionId); break;
                case QueueRemoved c: OnQueueRemoved(c); break;
                case VirtualHostReady: Reply(TopologyOk.Instance); break;
                case Terminated t: OnChildTerminated(t.ActorRef); break;
                default: Unhandled(message); break;
            }
        }
        catch (AmqpProtocolException e)
        {
            Sender.Tell(new Status.Failure(e));
        }
        catch (Exception e) when (message is not QueueRemoved and not ConnectionClosedCommand and not Terminated)
        {
            // A bug in one command must not take the vhost down: that command fails with 541.
            _logger?.LogError(e, "vhost '{VirtualHost}': {Command} failed", VirtualHostName, message.GetType().Name);
            Sender.Tell(new Status.Failure(new AmqpProtocolException(ReplyCode.InternalError, "internal error: " + e.Message)));
        }
    }

    /// <summary>A free child name: a deleted entity's actor may still be stopping under the same name.</summary>
    private string ChildName(string prefix, string name)
    {
        var escaped = ActorNames.Escape(prefix, name);
        var candidate = escaped;
        while (Context.Child(candidate) is not null) candidate = escaped + "~" + ++_nameGeneration;
        return candidate;
    }

    private void Reply(object message) => Sender.Tell(message, Self);
}
