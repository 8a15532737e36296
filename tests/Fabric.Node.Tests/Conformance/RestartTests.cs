using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>What survives a broker restart: durable topology and persistent messages, nothing transient.</summary>
[Trait("Category", "Conformance")]
[Trait("Needs", "Restart")]
[Collection("broker")]
public sealed class RestartTests : ConformanceTest
{
    public RestartTests(BrokerFixture broker) : base(broker)
    {
    }

    [Fact]
    public async Task Durable_topology_and_persistent_messages_survive_a_restart()
    {
        var durableX = Exchange("restart-x");
        var durableQ = Queue("restart-durable");
        var transientQ = Queue("restart-transient");
        var boundQ = Queue("restart-bound");
        await using (var ch = await NewChannelAsync(confirms: true))
        {
            await ch.ExchangeDeclareAsync(durableX, ExchangeType.Topic, durable: true, autoDelete: false);
            await ch.QueueDeclareAsync(durableQ, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-max-priority"] = 5 });
            await ch.QueueDeclareAsync(transientQ, durable: false, exclusive: false, autoDelete: false);
            await ch.QueueDeclareAsync(boundQ, durable: true, exclusive: false, autoDelete: false);
            await ch.QueueBindAsync(boundQ, durableX, "a.#");
            var persistent = new BasicProperties { Persistent = true, MessageId = "p1", Headers = new Dictionary<string, object?> { ["h"] = 1 } };
            await ch.BasicPublishAsync("", durableQ, false, persistent, Utf8("persistent"));
            await ch.BasicPublishAsync("", durableQ, false, new BasicProperties { Persistent = false }, Utf8("transient"));
            await ch.BasicPublishAsync("", transientQ, false, persistent, Utf8("in transient queue"));
        }

        await Broker.RestartBrokerAsync();

        var c = await NewConnectionAsync();
        await using var after = await c.CreateChannelAsync();
        var got = await after.BasicGetAsync(durableQ, true);
        Assert.Equal("persistent", Text(got));
        Assert.Equal("p1", got!.BasicProperties.MessageId);
        Assert.Equal(1, got.BasicProperties.Headers!["h"]);
        Assert.Null(await after.BasicGetAsync(durableQ, true)); // the non-persistent message is gone
        await after.ExchangeDeclarePassiveAsync(durableX);
        await after.BasicPublishAsync(durableX, "a.b", Utf8("binding kept"));
        Assert.True(await EventuallyAsync(async () => (await after.QueueDeclarePassiveAsync(boundQ)).MessageCount == 1));
        await using var probe = await c.CreateChannelAsync();
        await ExpectCloseAsync(404, () => probe.QueueDeclarePassiveAsync(transientQ));
        // the durable queue kept its arguments: redeclaring without them is a mismatch
        await using var redeclare = await c.CreateChannelAsync();
        await ExpectCloseAsync(406, () => redeclare.QueueDeclareAsync(durableQ, true, false, false));
    }
}
