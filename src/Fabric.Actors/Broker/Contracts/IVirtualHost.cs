using Fabric.Actors;
using Fabric.Amqp.Methods;
using Fabric.Broker.Routing;

namespace Fabric.Broker.Contracts;

/// <summary>
/// A virtual host: the registry of its exchanges and queues. Lookups and routing are lock-free and callable from any
/// thread; topology operations are serialised by the vhost's actor and complete with the -ok data or fault with an
/// <see cref="Fabric.Amqp.AmqpProtocolException"/> carrying the spec's reply code, a RabbitMQ-like text and the
/// method's class and method ids.
/// </summary>
public interface IVirtualHost
{
    string Name { get; }

    /// <summary>The exchange, or null. "" is the default exchange.</summary>
    ExchangeHandle? FindExchange(string name);

    QueueHandle? FindQueue(string name);

    /// <summary>
    /// The queues a message published to <paramref name="exchange"/> reaches (exchange-to-exchange bindings and
    /// alternate exchanges followed, de-duplicated), written into <paramref name="context"/>; an empty list when the
    /// exchange does not exist (the caller checks existence first to answer 404).
    /// </summary>
    IReadOnlyList<string> Route(string exchange, string routingKey, IReadOnlyDictionary<string, object?>? headers,
        RoutingContext context);

    Task ExchangeDeclare(ExchangeDeclare method, SessionInfo session);

    Task ExchangeDelete(ExchangeDelete method, SessionInfo session);

    Task ExchangeBind(ExchangeBind method, SessionInfo session);

    Task ExchangeUnbind(ExchangeUnbind method, SessionInfo session);

    /// <summary>Declares (or passively checks) a queue; an empty name gets a server-generated "amq.gen-..." name.</summary>
    Task<QueueDeclareOk> QueueDeclare(QueueDeclare method, SessionInfo session);

    Task QueueBind(QueueBind method, SessionInfo session);

    Task QueueUnbind(QueueUnbind method, SessionInfo session);

    /// <summary>Returns the number of messages purged.</summary>
    Task<uint> QueuePurge(QueuePurge method, SessionInfo session);

    /// <summary>Returns the number of messages deleted with the queue.</summary>
    Task<uint> QueueDelete(QueueDelete method, SessionInfo session);

    /// <summary>
    /// Carries out a topology method (exchange.declare/delete/bind/unbind, queue.declare/bind/unbind/purge/delete) like
    /// the task methods above, but tells the answer to <paramref name="replyTo"/> as a message: a
    /// <c>TopologyOk</c> where the -ok carries no data, the <see cref="QueueDeclareOk"/>, the purged or deleted message
    /// count as a <see cref="uint"/>, or a <see cref="Status.Failure"/> with the exception. This spares an actor (a
    /// connection) the ask's promise and the thread-pool hop of a task continuation.
    /// </summary>
    void Send(IAmqpMethod method, SessionInfo session, IActorRef replyTo);

    /// <summary>The connection is gone: its exclusive queues are deleted.</summary>
    void ConnectionClosed(long connectionId);
}
