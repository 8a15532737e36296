using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// The topology every kill test declares before its workload and checks after the last restart: durable exchanges
/// of each type (one with an alternate exchange), durable queues with arguments, queue bindings with topic patterns
/// and headers, an exchange-to-exchange binding, a binding removed again, and non-durable entities and bindings that
/// must be gone. Checks are by behaviour: redeclares (equivalent arguments pass, missing ones are 406) and routing.
/// </summary>
public static class KillTopology
{
    public const string Main = "k.main";
    public const string Routed = "k.routed";
    public const string TransientQueue = "k.transient-q";
    public const string Direct = "k.direct";
    public const string RoutedKey = "r";
    public const string BothKey = "both";

    private const string Alternate = "k.ae";
    private const string AlternateQueue = "k.ae-q";
    private const string Topic = "k.topic";
    private const string TopicQueue = "k.topic-q";
    private const string Headers = "k.headers";
    private const string HeadersQueue = "k.headers-q";
    private const string Fanout = "k.fanout";
    private const string FanoutQueue = "k.fanout-q";
    private const string DeadLetters = "k.dlx";
    private const string DeadLetterSource = "k.dl-src";
    private const string DeadQueue = "k.dead";
    private const string Source = "k.e2e";
    private const string MaxLength = "k.maxlen";
    private const string Priority = "k.prio";
    private const string TransientExchange = "k.transient-x";

    /// <summary>Durable exchanges: name, type, arguments.</summary>
    private static readonly (string Name, string Type, Dictionary<string, object?> Arguments)[] Exchanges =
    [
        (Alternate, ExchangeType.Fanout, []),
        (Direct, ExchangeType.Direct, new() { ["alternate-exchange"] = Alternate }),
        (Topic, ExchangeType.Topic, []),
        (Headers, ExchangeType.Headers, []),
        (Fanout, ExchangeType.Fanout, []),
        (DeadLetters, ExchangeType.Fanout, []),
        (Source, ExchangeType.Direct, []),
    ];

    /// <summary>Durable queues and their arguments.</summary>
    private static readonly (string Name, Dictionary<string, object?> Arguments)[] Queues =
    [
        (Main, []),
        (Routed, new() { ["x-message-ttl"] = 3_600_000 }),
        (AlternateQueue, []),
        (TopicQueue, new() { ["x-max-length"] = 100_000 }),
        (HeadersQueue, new() { ["x-max-priority"] = 10 }),
        (FanoutQueue, new() { ["x-expires"] = 3_600_000 }),
        (DeadLetterSource, new() { ["x-dead-letter-exchange"] = DeadLetters, ["x-dead-letter-routing-key"] = "dead" }),
        (DeadQueue, []),
        (MaxLength, new() { ["x-max-length"] = 2 }),
        (Priority, new() { ["x-max-priority"] = 5 }),
    ];

    private static readonly Dictionary<string, object?> HeadersBinding = new() { ["x-match"] = "all", ["h"] = "v", ["n"] = 1 };

    /// <summary>Declares everything; every -ok of a durable entity means it is on disk.</summary>
    public static async Task DeclareAsync(IConnection connection)
    {
        await using var channel = await connection.CreateChannelAsync();
        foreach (var (name, type, arguments) in Exchanges)
            await channel.ExchangeDeclareAsync(name, type, durable: true, autoDelete: false, arguments);
        await channel.ExchangeDeclareAsync(TransientExchange, ExchangeType.Direct, durable: false, autoDelete: false);
        foreach (var (name, arguments) in Queues)
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments);
        await channel.QueueDeclareAsync(TransientQueue, durable: false, exclusive: false, autoDelete: false);

        await channel.QueueBindAsync(Routed, Direct, RoutedKey);
        await channel.QueueBindAsync(Main, Direct, BothKey);
        await channel.QueueBindAsync(Routed, Direct, BothKey);
        await channel.QueueBindAsync(AlternateQueue, Alternate, "");
        await channel.QueueBindAsync(TopicQueue, Topic, "a.*.c");
        await channel.QueueBindAsync(TopicQueue, Topic, "x.#");
        await channel.QueueBindAsync(HeadersQueue, Headers, "", HeadersBinding);
        await channel.QueueBindAsync(FanoutQueue, Fanout, "");
        await channel.QueueBindAsync(DeadQueue, DeadLetters, "");
        await channel.ExchangeBindAsync(Fanout, Source, "e");
        // Bindings that must not survive: to a non-durable queue, from a non-durable exchange, and one removed again.
        await channel.QueueBindAsync(TransientQueue, Direct, "t");
        await channel.QueueBindAsync(Main, TransientExchange, "m");
        await channel.QueueBindAsync(TopicQueue, Direct, "unbound");
        await channel.QueueUnbindAsync(TopicQueue, Direct, "unbound");
    }

    /// <summary>After the restart: durable entities with their arguments, non-durable ones gone, nothing in the
    /// side queues, and routing through every recovered binding (call after the ledger's queues are drained).</summary>
    public static async Task VerifyAsync(IConnection connection)
    {
        await ExpectClosedAsync(connection, 404, ch => ch.QueueDeclarePassiveAsync(TransientQueue));
        await ExpectClosedAsync(connection, 404, ch => ch.ExchangeDeclarePassiveAsync(TransientExchange));

        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var (name, type, arguments) in Exchanges)
        {
            await channel.ExchangeDeclareAsync(name, type, durable: true, autoDelete: false, arguments);
            await ExpectClosedAsync(connection, 406, ch => ch.ExchangeDeclareAsync(name, type, durable: false, autoDelete: false, arguments));
            if (arguments.Count > 0)
                await ExpectClosedAsync(connection, 406, ch => ch.ExchangeDeclareAsync(name, type, durable: true, autoDelete: false));
        }
        foreach (var (name, arguments) in Queues)
        {
            var ok = await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments);
            Assert.True(ok.MessageCount == 0, $"{name} holds {ok.MessageCount} messages after the drain, expected none");
            if (arguments.Count > 0)
                await ExpectClosedAsync(connection, 406, ch => ch.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false));
        }

        await PublishAsync(channel, Direct, RoutedKey, "via direct");
        await ExpectAsync(channel, Routed, "via direct");
        await PublishAsync(channel, Direct, BothKey, "to both");
        await ExpectAsync(channel, Main, "to both");
        await ExpectAsync(channel, Routed, "to both");
        await PublishAsync(channel, Direct, "nowhere", "to the alternate exchange");
        await ExpectAsync(channel, AlternateQueue, "to the alternate exchange");
        await PublishAsync(channel, Direct, "unbound", "unbound key");
        await PublishAsync(channel, Direct, "t", "transient queue's key");
        await ExpectAsync(channel, AlternateQueue, "unbound key");
        await ExpectAsync(channel, AlternateQueue, "transient queue's key");
        await PublishAsync(channel, Topic, "a.b.c", "topic star");
        await PublishAsync(channel, Topic, "x.y.z", "topic hash");
        await PublishAsync(channel, Topic, "a.b", "topic miss");
        await ExpectAsync(channel, TopicQueue, "topic star");
        await ExpectAsync(channel, TopicQueue, "topic hash");
        await PublishAsync(channel, Headers, "", "headers miss", new Dictionary<string, object?> { ["h"] = "v" });
        await PublishAsync(channel, Headers, "", "headers match", new Dictionary<string, object?> { ["h"] = "v", ["n"] = 1 });
        await ExpectAsync(channel, HeadersQueue, "headers match");
        await PublishAsync(channel, Source, "e", "exchange to exchange");
        await ExpectAsync(channel, FanoutQueue, "exchange to exchange");

        await PublishAsync(channel, "", DeadLetterSource, "dead letter");
        var doomed = await channel.BasicGetAsync(DeadLetterSource, autoAck: false);
        Assert.NotNull(doomed);
        await channel.BasicRejectAsync(doomed!.DeliveryTag, requeue: false);
        Assert.Equal("dead letter", await QueueDrain.ConsumeOneAsync(connection, DeadQueue));

        foreach (var body in new[] { "1", "2", "3" }) await PublishAsync(channel, "", MaxLength, body);
        await ExpectAsync(channel, MaxLength, "2");
        await ExpectAsync(channel, MaxLength, "3");

        await PublishAsync(channel, "", Priority, "low", priority: 1);
        await PublishAsync(channel, "", Priority, "high", priority: 4);
        await ExpectAsync(channel, Priority, "high");
        await ExpectAsync(channel, Priority, "low");

        foreach (var (name, _) in Queues)
        {
            var left = (await channel.QueueDeclarePassiveAsync(name)).MessageCount;
            Assert.True(left == 0, $"{name} holds {left} messages that were routed there by mistake");
        }
    }

    private static async Task PublishAsync(IChannel channel, string exchange, string routingKey, string body,
        IDictionary<string, object?>? headers = null, byte priority = 0)
    {
        var properties = new BasicProperties { Persistent = true, Headers = headers, Priority = priority };
        await channel.BasicPublishAsync(exchange, routingKey, false, properties, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>The queue's next message is <paramref name="body"/> (publishes are confirmed, so it is there).</summary>
    private static async Task ExpectAsync(IChannel channel, string queue, string body)
    {
        var result = await channel.BasicGetAsync(queue, autoAck: true);
        var got = result is null ? null : Encoding.UTF8.GetString(result.Body.Span);
        Assert.True(got == body, $"{queue}: expected '{body}', got {(got is null ? "nothing" : "'" + got + "'")}");
    }

    private static async Task ExpectClosedAsync(IConnection connection, int replyCode, Func<IChannel, Task> operation)
    {
        var channel = await connection.CreateChannelAsync();
        try
        {
            var error = await Assert.ThrowsAsync<OperationInterruptedException>(() => operation(channel));
            Assert.Equal(replyCode, (int?)error.ShutdownReason?.ReplyCode);
        }
        finally
        {
            await channel.DisposeAsync();
        }
    }
}
