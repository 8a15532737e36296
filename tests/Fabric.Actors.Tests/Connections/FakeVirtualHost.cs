using System.Collections.Concurrent;
using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;
using Fabric.Broker.VirtualHosts;

namespace Fabric.Actors.Tests.Connections;

/// <summary>
/// A vhost with the default exchange and queues that are test probes (created with <see cref="AddQueue"/> or by
/// queue.declare through <see cref="QueueFactory"/>); the default exchange routes to a queue by its name.
/// </summary>
internal sealed class FakeVirtualHost(string name) : IVirtualHost
{
    private readonly ConcurrentDictionary<string, ExchangeHandle> _exchanges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, QueueHandle> _queues = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public Func<string, IActorRef>? QueueFactory { get; set; }

    public ConcurrentQueue<long> ClosedConnections { get; } = new();

    public void AddExchange(string exchange, bool @internal = false) =>
        _exchanges[exchange] = new ExchangeHandle(exchange, "direct", false, false, @internal, FieldTable.Empty,
            new ExchangeSnapshot(DirectRoutingTable.Empty));

    public void AddQueue(string queue, IActorRef actor, long? exclusiveOwner = null) =>
        _queues[queue] = new QueueHandle(queue, actor, false, false, exclusiveOwner, FieldTable.Empty);

    public ExchangeHandle? FindExchange(string exchange) =>
        exchange.Length == 0 ? new ExchangeHandle("", "direct", true, false, false, FieldTable.Empty, new ExchangeSnapshot(DirectRoutingTable.Empty))
            : _exchanges.GetValueOrDefault(exchange);

    public QueueHandle? FindQueue(string queue) => _queues.GetValueOrDefault(queue);

    public IReadOnlyList<string> Route(string exchange, string routingKey, IReadOnlyDictionary<string, object?>? headers,
        RoutingContext context) =>
        exchange.Length == 0 && _queues.ContainsKey(routingKey) ? [routingKey] : [];

    public Task ExchangeDeclare(ExchangeDeclare method, SessionInfo session)
    {
        if (method.Passive && FindExchange(method.Exchange) is null)
        {
            return Task.FromException(new AmqpProtocolException(ReplyCode.NotFound, $"no exchange '{method.Exchange}' in vhost '{Name}'"));
        }

        AddExchange(method.Exchange, method.Internal);
        return Task.Delay(10); // completes later: the channel must wait for it
    }

    public Task ExchangeDelete(ExchangeDelete method, SessionInfo session) => Task.CompletedTask;

    public Task ExchangeBind(ExchangeBind method, SessionInfo session) => Task.CompletedTask;

    public Task ExchangeUnbind(ExchangeUnbind method, SessionInfo session) => Task.CompletedTask;

    public async Task<QueueDeclareOk> QueueDeclare(QueueDeclare method, SessionInfo session)
    {
        await Task.Yield();
        if (method.Queue.Length == 0)
        {
            method = method with { Queue = "amq.gen-" + Guid.NewGuid().ToString("N") };
        }

        if (!_queues.ContainsKey(method.Queue))
        {
            if (method.Passive || QueueFactory is null)
            {
                throw new AmqpProtocolException(ReplyCode.NotFound, $"no queue '{method.Queue}' in vhost '{Name}'");
            }

            AddQueue(method.Queue, QueueFactory(method.Queue), method.Exclusive ? session.ConnectionId : null);
        }

        return new QueueDeclareOk { Queue = method.Queue };
    }

    public Task QueueBind(QueueBind method, SessionInfo session) => Task.CompletedTask;

    public Task QueueUnbind(QueueUnbind method, SessionInfo session) => Task.CompletedTask;

    /// <summary>A purge of "boom" fails with a bug (not a protocol error).</summary>
    public Task<uint> QueuePurge(QueuePurge method, SessionInfo session) =>
        method.Queue == "boom" ? Task.FromException<uint>(new InvalidOperationException("kaboom")) : Task.FromResult(7u);

    public Task<uint> QueueDelete(QueueDelete method, SessionInfo session)
    {
        _queues.TryRemove(method.Queue, out _);
        return Task.FromResult(0u);
    }

    /// <summary>The task methods' outcomes, told to <paramref name="replyTo"/> as the vhost actor's replies.</summary>
    public void Send(IAmqpMethod method, SessionInfo session, IActorRef replyTo) =>
        _ = method switch
        {
            ExchangeDeclare m => ExchangeDeclare(m, session).PipeTo(replyTo, success: Ok),
            ExchangeDelete m => ExchangeDelete(m, session).PipeTo(replyTo, success: Ok),
            ExchangeBind m => ExchangeBind(m, session).PipeTo(replyTo, success: Ok),
            ExchangeUnbind m => ExchangeUnbind(m, session).PipeTo(replyTo, success: Ok),
            QueueDeclare m => QueueDeclare(m, session).PipeTo(replyTo),
            QueueBind m => QueueBind(m, session).PipeTo(replyTo, success: Ok),
            QueueUnbind m => QueueUnbind(m, session).PipeTo(replyTo, success: Ok),
            QueuePurge m => QueuePurge(m, session).PipeTo(replyTo),
            QueueDelete m => QueueDelete(m, session).PipeTo(replyTo),
            _ => throw new ArgumentException($"{method.GetType().Name} is not a topology method", nameof(method)),
        };

    public void ConnectionClosed(long connectionId) => ClosedConnections.Enqueue(connectionId);

    private static object Ok() => TopologyOk.Instance;
}
