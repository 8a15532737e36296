using Fabric.Node.Tests.Conformance.Raw;
using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>exchange.declare/delete/bind/unbind and their errors.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class ExchangeTests : ConformanceTest
{
    public ExchangeTests(BrokerFixture broker) : base(broker)
    {
    }

    [Theory]
    [InlineData(ExchangeType.Direct)]
    [InlineData(ExchangeType.Topic)]
    [InlineData(ExchangeType.Fanout)]
    [InlineData(ExchangeType.Headers)]
    public async Task Declare_each_type_then_passive_finds_it(string type)
    {
        var x = Exchange(type);
        await Channel.ExchangeDeclareAsync(x, type, durable: false, autoDelete: false);
        await Channel.ExchangeDeclareAsync(x, type, durable: false, autoDelete: false); // idempotent
        await Channel.ExchangeDeclarePassiveAsync(x);
        await Channel.ExchangeDeleteAsync(x);
        Assert.True(await ExchangeGoneAsync(x));
    }

    [Fact]
    public async Task Durable_exchange_declares_and_deletes()
    {
        var x = Exchange("durable");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Topic, durable: true, autoDelete: false);
        await Channel.ExchangeDeclarePassiveAsync(x);
        await Channel.ExchangeDeleteAsync(x);
    }

    [Theory]
    [InlineData("amq.direct")]
    [InlineData("amq.topic")]
    [InlineData("amq.fanout")]
    [InlineData("amq.headers")]
    [InlineData("amq.match")]
    public async Task Standard_exchanges_are_predeclared(string name)
    {
        await Channel.ExchangeDeclarePassiveAsync(name);
    }

    [Fact]
    public async Task Passive_declare_of_missing_exchange_is_404()
    {
        var reason = await ExpectCloseAsync(404, () => Channel.ExchangeDeclarePassiveAsync(Unique("nope")));
        Assert.Contains("NOT_FOUND", reason.ReplyText);
    }

    [Fact]
    public async Task Redeclare_with_other_type_is_406()
    {
        var x = Exchange("retype");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Direct);
        await using var ch = await Connection.CreateChannelAsync();
        var reason = await ExpectCloseAsync(406, () => ch.ExchangeDeclareAsync(x, ExchangeType.Fanout));
        Assert.Contains("PRECONDITION_FAILED", reason.ReplyText);
    }

    [Fact]
    public async Task Redeclare_with_other_durability_is_406()
    {
        var x = Exchange("redurable");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Direct, durable: false);
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(406, () => ch.ExchangeDeclareAsync(x, ExchangeType.Direct, durable: true));
    }

    [Fact]
    public async Task Unknown_exchange_type_is_503_command_invalid_on_the_connection()
    {
        var c = await NewConnectionAsync();
        await using var ch = await c.CreateChannelAsync();
        var reason = await ExpectCloseAsync(503, () => ch.ExchangeDeclareAsync(Exchange("badtype"), "x-no-such-type"));
        Assert.Contains("COMMAND_INVALID", reason.ReplyText);
        Assert.False(c.IsOpen); // a connection-level error
    }

    [Fact]
    public async Task Declaring_an_amq_prefixed_exchange_is_403()
    {
        await ExpectCloseAsync(403, () => Channel.ExchangeDeclareAsync("amq.conformance." + Guid.NewGuid().ToString("N"),
            ExchangeType.Direct));
    }

    [Fact]
    public async Task Deleting_the_default_exchange_is_403()
    {
        var reason = await ExpectCloseAsync(403, () => Channel.ExchangeDeleteAsync(""));
        Assert.Contains("ACCESS_REFUSED", reason.ReplyText);
    }

    [Fact]
    public async Task Deleting_a_standard_exchange_is_403()
    {
        await ExpectCloseAsync(403, () => Channel.ExchangeDeleteAsync("amq.direct"));
    }

    [Fact]
    public async Task Delete_if_unused_with_bindings_is_406_and_without_succeeds()
    {
        var x = Exchange("ifunused");
        var q = Queue("ifunused");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Fanout);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, x, "");
        await using (var ch = await Connection.CreateChannelAsync())
        {
            await ExpectCloseAsync(406, () => ch.ExchangeDeleteAsync(x, ifUnused: true));
        }

        await Channel.QueueUnbindAsync(q, x, "");
        await Channel.ExchangeDeleteAsync(x, ifUnused: true);
        Assert.True(await ExchangeGoneAsync(x));
    }

    [Fact]
    public async Task Deleting_a_missing_exchange_is_ok()
    {
        // RabbitMQ (since 3.x) treats exchange.delete of an absent exchange as success.
        await Channel.ExchangeDeleteAsync(Unique("never-declared"));
        Assert.True(Channel.IsOpen);
    }

    [Fact]
    public async Task Auto_delete_exchange_goes_when_its_last_binding_goes()
    {
        var x = Unique("autodel-x");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Fanout, durable: false, autoDelete: true);
        var q = (await Channel.QueueDeclareAsync("", false, true, true)).QueueName;
        await Channel.QueueBindAsync(q, x, "");
        Assert.False(await ExchangeGoneAsync(x));
        await Channel.QueueUnbindAsync(q, x, "");
        Assert.True(await EventuallyAsync(() => ExchangeGoneAsync(x)));
    }

    [Fact]
    public async Task Auto_delete_exchange_without_bindings_stays_until_bound()
    {
        var x = Exchange("autodel-fresh");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Fanout, durable: false, autoDelete: true);
        Assert.False(await ExchangeGoneAsync(x));
    }

    [Fact]
    public async Task Internal_exchange_refuses_publishes_with_403()
    {
        var x = await DeclareInternalFanoutAsync("internal");
        await using var ch = await Connection.CreateChannelAsync();
        var shutdown = ShutdownOf(ch);
        await ch.BasicPublishAsync(x, "", Utf8("no"));
        var reason = await Within(shutdown);
        Assert.Equal(403, reason.ReplyCode);
    }

    [Fact]
    public async Task Internal_exchange_still_routes_from_exchange_bindings()
    {
        var hidden = await DeclareInternalFanoutAsync("hidden");
        var front = Exchange("front");
        var q = Queue("hidden");
        await Channel.ExchangeDeclareAsync(front, ExchangeType.Direct);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, hidden, "");
        await Channel.ExchangeBindAsync(hidden, front, "k");
        await Channel.BasicPublishAsync(front, "k", Utf8("through"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
    }

    /// <summary>exchange.declare's "internal" bit is not exposed by RabbitMQ.Client 7: declare through a raw peer.</summary>
    private async Task<string> DeclareInternalFanoutAsync(string hint)
    {
        var x = Exchange(hint);
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        await raw.SendMethodAsync(1, 40, 10, new WireWriter().Short(0).ShortStr(x).ShortStr("fanout")
            .Bits(false, false, false, true, false).EmptyTable());
        await raw.ExpectMethodAsync(40, 11);
        return x;
    }

    [Fact]
    public async Task Alternate_exchange_takes_unroutable_messages()
    {
        var ae = Exchange("ae");
        var x = Exchange("with-ae");
        var q = Queue("ae");
        await Channel.ExchangeDeclareAsync(ae, ExchangeType.Fanout);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, ae, "");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Direct, false, false,
            new Dictionary<string, object?> { ["alternate-exchange"] = ae });
        var returned = 0;
        Channel.BasicReturnAsync += (_, _) =>
        {
            Interlocked.Increment(ref returned);
            return Task.CompletedTask;
        };
        await Channel.BasicPublishAsync(x, "unbound-key", mandatory: true, new BasicProperties(), Utf8("to-ae"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        Assert.Equal(0, Volatile.Read(ref returned)); // routed via the AE, so not returned
    }

    [Fact]
    public async Task Exchange_to_exchange_bind_and_unbind()
    {
        var src = Exchange("e2e-src");
        var dst = Exchange("e2e-dst");
        var q = Queue("e2e");
        await Channel.ExchangeDeclareAsync(src, ExchangeType.Topic);
        await Channel.ExchangeDeclareAsync(dst, ExchangeType.Fanout);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, dst, "");
        await Channel.ExchangeBindAsync(dst, src, "a.#");
        await Channel.BasicPublishAsync(src, "a.b", Utf8("routed"));
        await Channel.BasicPublishAsync(src, "b.a", Utf8("not routed"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        await Channel.ExchangeUnbindAsync(dst, src, "a.#");
        await Channel.BasicPublishAsync(src, "a.b", Utf8("after unbind"));
        Assert.Equal(new[] { "routed" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Binding_to_a_missing_exchange_is_404()
    {
        var q = Queue("bind-missing");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(404, () => ch.QueueBindAsync(q, Unique("no-such-x"), "k"));
    }

    [Fact]
    public async Task Binding_a_missing_queue_is_404()
    {
        await ExpectCloseAsync(404, () => Channel.QueueBindAsync(Unique("no-such-q"), "amq.direct", "k"));
    }

    [Fact]
    public async Task Binding_to_the_default_exchange_is_403()
    {
        var q = Queue("bind-default");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(403, () => ch.QueueBindAsync(q, "", "other"));
    }

    [Fact]
    public async Task Unbinding_from_the_default_exchange_is_403()
    {
        var q = Queue("unbind-default");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(403, () => ch.QueueUnbindAsync(q, "", q));
    }
}
