using Fabric.Actors;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Exchanges;
using Fabric.Broker.Routing;

namespace Fabric.Broker.VirtualHosts;

/// <summary>
/// The facade of one virtual host: lookups and routing read the registry lock-free; topology operations are asked
/// of the vhost's actor, which serialises them and answers with the -ok data or an AmqpProtocolException.
/// </summary>
public sealed class VirtualHost : IVirtualHost
{
    private readonly ExchangeGraphRouter _router;
    private readonly TimeSpan _askTimeout;

    internal VirtualHost(string name, TimeSpan askTimeout)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        _askTimeout = askTimeout;
        var exchanges = State.Exchanges;
        _router = new ExchangeGraphRouter(exchange => exchanges.TryGetValue(exchange, out var handle) ? handle.Snapshot : null);
        // The default exchange has no actor: its table reads the queue registry.
        State.Exchanges[StandardExchanges.Default] = new ExchangeHandle(StandardExchanges.Default, ExchangeType.Direct,
            durable: true, autoDelete: false, @internal: false, FieldTable.Empty,
            new ExchangeSnapshot(new DefaultExchangeTable(State.Queues)));
    }

    public string Name { get; }

    internal VirtualHostState State { get; } = new();

    /// <summary>
    /// The node's permissions, for what only the vhost can check: the configure permission on the name it generates
    /// for a server-named queue. Null (tests of the vhost alone): not checked.
    /// </summary>
    internal IAccessControl? Access { get; init; }

    /// <summary>The direct reply-to consumers of this vhost's connections, by reply address.</summary>
    internal Connections.DirectReplyRegistry DirectReplies { get; } = new();

    /// <summary>The VirtualHostActor (set once it is created).</summary>
    internal IActorRef Actor { get; set; } = ActorRefs.Nobody;

    public ExchangeHandle? FindExchange(string name) => State.Exchanges.GetValueOrDefault(name);

    public QueueHandle? FindQueue(string name) => State.Queues.GetValueOrDefault(name);

    public IReadOnlyList<string> Route(string exchange, string routingKey, IReadOnlyDictionary<string, object?>? headers,
        RoutingContext context) => _router.Route(exchange, routingKey, headers, context);

    public Task ExchangeDeclare(ExchangeDeclare method, SessionInfo session) => Actor.Ask(Command(method, session), _askTimeout);

    public Task ExchangeDelete(ExchangeDelete method, SessionInfo session) => Actor.Ask(Command(method, session), _askTimeout);

    public Task ExchangeBind(ExchangeBind method, SessionInfo session) => Actor.Ask(Command(method, session), _askTimeout);

    public Task ExchangeUnbind(ExchangeUnbind method, SessionInfo session) => Actor.Ask(Command(method, session), _askTimeout);

    public Task<QueueDeclareOk> QueueDeclare(QueueDeclare method, SessionInfo session) =>
        Actor.Ask<QueueDeclareOk>(Command(method, session), _askTimeout);

    public Task QueueBind(QueueBind method, SessionInfo session) => Actor.Ask(Command(method, session), _askTimeout);

    public Task QueueUnbind(QueueUnbind method, SessionInfo session) => Actor.Ask(Command(method, session), _askTimeout);

    public Task<uint> QueuePurge(QueuePurge method, SessionInfo session) =>
        Actor.Ask<uint>(Command(method, session), _askTimeout);

    public Task<uint> QueueDelete(QueueDelete method, SessionInfo session) =>
        Actor.Ask<uint>(Command(method, session), _askTimeout);

    public void Send(IAmqpMethod method, SessionInfo session, IActorRef replyTo) => Actor.Tell(Command(method, session), replyTo);

    /// <summary>The VirtualHostActor's command for a topology method.</summary>
    internal static object Command(IAmqpMethod method, SessionInfo session) => method switch
    {
        ExchangeDeclare m => new DeclareExchangeCommand(m, session),
        ExchangeDelete m => new DeleteExchangeCommand(m, session),
        ExchangeBind m => new BindCommand(ExchangeBinding(m.Source, m.Destination, m.RoutingKey, m.Arguments), session, m.Id),
        ExchangeUnbind m => new UnbindCommand(ExchangeBinding(m.Source, m.Destination, m.RoutingKey, m.Arguments), session, m.Id),
        QueueDeclare m => new DeclareQueueCommand(m, session),
        QueueBind m => new BindCommand(QueueBinding(m.Exchange, m.Queue, m.RoutingKey, m.Arguments), session, m.Id),
        QueueUnbind m => new UnbindCommand(QueueBinding(m.Exchange, m.Queue, m.RoutingKey, m.Arguments), session, m.Id),
        QueuePurge m => new PurgeQueueCommand(m, session),
        QueueDelete m => new DeleteQueueCommand(m, session),
        _ => throw new ArgumentException($"{method.GetType().Name} is not a topology method", nameof(method)),
    };

    public void ConnectionClosed(long connectionId) =>
        Actor.Tell(new ConnectionClosedCommand(connectionId), ActorRefs.Nobody);

    private static Binding ExchangeBinding(string source, string destination, string key, FieldTable arguments) =>
        new(source, destination, DestinationKind.Exchange, key, arguments);

    private static Binding QueueBinding(string exchange, string queue, string key, FieldTable arguments) =>
        new(exchange, queue, DestinationKind.Queue, key, arguments);

    public override string ToString() => $"VirtualHost({Name})";
}
