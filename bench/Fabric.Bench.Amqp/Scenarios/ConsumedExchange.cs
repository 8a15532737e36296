using Fabric.Bench.Amqp.Client;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>
/// The setup the exchange scenarios (fanout, topic) share: a publisher connection, a non-durable exchange over numbered
/// queues, auto-ack counting consumers on a second connection and a transient publisher; disposing it deletes the
/// queues and the exchange.
/// </summary>
internal sealed class ConsumedExchange : IAsyncDisposable
{
    private readonly ScenarioContext _context;
    private readonly IConnection _consumeConnection;

    private ConsumedExchange(ScenarioContext context, string exchange, string[] queues, IConnection publishConnection,
        IConnection consumeConnection)
    {
        (_context, Name, Queues, PublishConnection, _consumeConnection) = (context, exchange, queues, publishConnection, consumeConnection);
        Exchange = new CachedString(exchange);
        Countdown = new DeliveryCountdown(context.Progress);
    }

    public string Name { get; }

    public CachedString Exchange { get; }

    public string[] Queues { get; }

    public IConnection PublishConnection { get; }

    public DeliveryCountdown Countdown { get; }

    /// <summary>Connects, declares the exchange and the queues "exchange.N", binding each with
    /// <paramref name="bindingKey"/> unless it is null (the scenario binds them itself).</summary>
    public static async Task<ConsumedExchange> DeclareAsync(ScenarioContext context, string scenario, string exchange,
        string exchangeType, int queues, string? bindingKey)
    {
        var names = ScenarioTopology.QueueNames(exchange, queues);
        var publishConnection = await context.ConnectAsync(scenario + "-pub");
        var consumeConnection = await context.ConnectAsync(scenario + "-con");
        var setup = new ConsumedExchange(context, exchange, names, publishConnection, consumeConnection);
        try
        {
            await ScenarioTopology.DeclareAsync(publishConnection, exchange, exchangeType, names, bindingKey, context.Cancel);
            return setup;
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the consumers, <paramref name="queuesPerChannel"/> queues per channel, and creates the
    /// publisher (transient messages, no confirms).</summary>
    public async Task<Publisher> ConsumeAsync(int queuesPerChannel)
    {
        var cancel = _context.Cancel;
        await ScenarioTopology.ConsumeAsync(_consumeConnection, Queues, queuesPerChannel, Countdown, cancel);
        return await Publisher.CreateAsync(PublishConnection, persistent: false, confirmWindow: 0, _context.Progress, cancel);
    }

    public async ValueTask DisposeAsync() =>
        await ScenarioCleanup.DeleteQueuesAsync(_context, PublishConnection, Queues, [Name]);
}
