using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Fabric.Broker.Routing;
using Fabric.Broker.VirtualHosts;
using Fabric.Configuration;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

using Fabric.TestKit;

/// <summary>
/// A broker node on the test kit's actor system, with helpers that play the connection's part: sessions, publishing
/// through the vhost's routing, consuming with a probe as the connection.
/// </summary>
public abstract class BrokerTestBase : TestKit, IAsyncLifetime
{
    private static readonly BrokerUser Guest = new("guest", ["administrator"]);
    private readonly RoutingContext _routing = new();

    protected BrokerTestBase()
        : base(settings: new TestKitSettings { DefaultTimeout = TimeSpan.FromSeconds(10) }, systemName: "broker")
    {
    }

    protected BrokerNode Broker { get; private set; } = null!;

    protected VirtualHost VHost { get; private set; } = null!;

    protected static TimeSpan Long => TimeSpan.FromSeconds(10);

    public async Task InitializeAsync()
    {
        Broker = await BrokerNode.StartAsync(FabricSettings.Default, Sys, persistent: false, null, default);
        VHost = Broker.VirtualHosts["/"];
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Broker.DisposeAsync();
        await DisposeAsync();
    }

    protected SessionInfo Session(long connectionId = 1, IActorRef? connection = null) =>
        new(connectionId, Guest, "/", connection ?? TestActor);

    protected static long ChannelKey(long connectionId, ushort channel) => (connectionId << 16) | channel;

    protected static FieldTable Table(params (string Key, object? Value)[] entries)
    {
        var builder = FieldTable.CreateBuilder();
        foreach (var (key, value) in entries) builder.Add(key, value);
        return builder.Build();
    }

    protected async Task<string> DeclareQueue(string name, bool durable = false, bool exclusive = false,
        bool autoDelete = false, FieldTable? arguments = null, long connectionId = 1)
    {
        var ok = await VHost.QueueDeclare(new QueueDeclare
        {
            Queue = name, Durable = durable, Exclusive = exclusive, AutoDelete = autoDelete,
            Arguments = arguments ?? FieldTable.Empty,
        }, Session(connectionId));
        return ok.Queue;
    }

    protected Task DeclareExchange(string name, string type, bool autoDelete = false, FieldTable? arguments = null,
        bool @internal = false) =>
        VHost.ExchangeDeclare(new ExchangeDeclare
        {
            Exchange = name, Type = type, AutoDelete = autoDelete, Internal = @internal,
            Arguments = arguments ?? FieldTable.Empty,
        }, Session());

    protected Task Bind(string queue, string exchange, string key, FieldTable? arguments = null, long connectionId = 1) =>
        VHost.QueueBind(new QueueBind
        {
            Queue = queue, Exchange = exchange, RoutingKey = key, Arguments = arguments ?? FieldTable.Empty,
        }, Session(connectionId));

    protected static async Task<AmqpProtocolException> Refused(ushort code, Func<Task> operation)
    {
        var error = await Assert.ThrowsAsync<AmqpProtocolException>(operation);
        Assert.Equal(code, error.ReplyCode);
        return error;
    }

    protected static Message NewMessage(string body, string exchange = "", string routingKey = "",
        FieldTable? headers = null, long? expirationMs = null, bool persistent = false)
    {
        var properties = new BasicProperties
        {
            Headers = headers,
            Expiration = expirationMs?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DeliveryMode = persistent ? (byte)2 : null,
        }.ToArray();
        return new Message(exchange, routingKey, properties, System.Text.Encoding.UTF8.GetBytes(body), persistent,
            expirationMs: expirationMs, headers: headers);
    }

    /// <summary>Routes like a channel does and tells each target queue; returns the queues reached.</summary>
    protected IReadOnlyList<string> Publish(string exchange, string routingKey, string body, FieldTable? headers = null,
        long? expirationMs = null, IActorRef? confirmTo = null, ulong seqNo = 0)
    {
        var message = NewMessage(body, exchange, routingKey, headers, expirationMs);
        var queues = VHost.Route(exchange, routingKey, headers, _routing).ToArray();
        foreach (var name in queues)
            VHost.FindQueue(name)?.Actor.Tell(new QueuePublish(message, confirmTo, 1, seqNo), ActorRefs.Nobody);
        return queues;
    }

    protected IActorRef QueueRef(string name) =>
        VHost.FindQueue(name)?.Actor ?? throw new InvalidOperationException($"no queue '{name}'");

    /// <summary>basic.consume with <paramref name="connection"/> (a probe) receiving the deliveries.</summary>
    protected async Task<QueueReply> Consume(string queue, IActorRef connection, string tag, ushort channel = 1,
        long connectionId = 1, ushort prefetch = 0, bool noAck = false, bool exclusive = false)
    {
        return await QueueRef(queue).Ask<QueueReply>(new QueueConsume(connection, channel,
            ChannelKey(connectionId, channel), connectionId, tag, noAck, exclusive, prefetch, FieldTable.Empty), Long);
    }

    protected static string BodyOf(Message message) => System.Text.Encoding.UTF8.GetString(message.Body.Span);
}
