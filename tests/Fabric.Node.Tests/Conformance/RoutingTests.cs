using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>Routing semantics of the default, direct, topic, fanout and headers exchanges.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class RoutingTests : ConformanceTest
{
    public RoutingTests(BrokerFixture broker) : base(broker)
    {
    }

    [Fact]
    public async Task Default_exchange_routes_to_the_queue_named_by_the_key()
    {
        var q = Queue("default");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.BasicPublishAsync("", q, Utf8("direct to queue"));
        var got = await Channel.BasicGetAsync(q, true);
        Assert.Equal("direct to queue", Text(got));
        Assert.Equal("", got!.Exchange);
        Assert.Equal(q, got.RoutingKey);
    }

    [Fact]
    public async Task Amq_direct_routes_by_exact_key()
    {
        var q = Queue("amqdirect");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, "amq.direct", q);
        await Channel.BasicPublishAsync("amq.direct", q, Utf8("hit"));
        await Channel.BasicPublishAsync("amq.direct", q + ".x", Utf8("miss"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        Assert.Equal(new[] { "hit" }, await DrainAsync(q));
    }

    [Theory]
    [InlineData("a.b.c", "a.b.c", true)]
    [InlineData("a.*.c", "a.b.c", true)]
    [InlineData("a.*.c", "a.c", false)]
    [InlineData("a.*.c", "a.b.b.c", false)]
    [InlineData("a.#", "a", true)] // '#' matches zero words
    [InlineData("a.#", "a.b.c", true)]
    [InlineData("#.c", "c", true)]
    [InlineData("#.c", "a.b.c", true)]
    [InlineData("a.#.c", "a.c", true)]
    [InlineData("a.#.c", "a.x.y.c", true)]
    [InlineData("#", "", true)] // empty key
    [InlineData("#", "anything.at.all", true)]
    [InlineData("*", "", false)] // an empty key has zero words
    [InlineData("*", "a.b", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a.b", "a.B", false)]
    [InlineData("#.#", "a", true)]
    [InlineData("*.#", "a", true)]
    [InlineData("#.*", "", false)]
    [InlineData("*.*", "a.", true)] // "a." is two words, the second empty
    public async Task Topic_patterns(string pattern, string key, bool routed)
    {
        var x = Exchange("topic");
        var q = Queue("topic");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Topic);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, x, pattern);
        await Channel.BasicPublishAsync(x, key, Utf8("m"));
        await Channel.BasicPublishAsync("", q, Utf8("marker")); // in order after the first publish
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) >= 1));
        var bodies = await DrainAsync(q);
        Assert.Equal(routed ? new[] { "m", "marker" } : new[] { "marker" }, bodies);
    }

    [Fact]
    public async Task Topic_delivers_once_per_queue_even_with_overlapping_bindings()
    {
        var x = Exchange("topic-overlap");
        var q = Queue("topic-overlap");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Topic);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, x, "a.*");
        await Channel.QueueBindAsync(q, x, "#");
        await Channel.QueueBindAsync(q, x, "a.b");
        await Channel.BasicPublishAsync(x, "a.b", Utf8("once"));
        await Channel.BasicPublishAsync("", q, Utf8("marker"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) >= 2));
        Assert.Equal(new[] { "once", "marker" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Fanout_ignores_the_key_and_reaches_every_bound_queue()
    {
        var x = Exchange("fanout");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Fanout);
        var queues = new[] { Queue("fan1"), Queue("fan2"), Queue("fan3") };
        foreach (var q in queues)
        {
            await Channel.QueueDeclareAsync(q, false, false, false);
            await Channel.QueueBindAsync(q, x, "ignored-" + q);
        }

        await Channel.BasicPublishAsync(x, "whatever", Utf8("all"));
        foreach (var q in queues)
        {
            Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        }
    }

    [Theory]
    [InlineData("all", "format=pdf,type=report", true)]
    [InlineData("all", "format=pdf", false)]
    [InlineData("all", "format=pdf,type=report,extra=1", true)]
    [InlineData("all", "format=zip,type=report", false)]
    [InlineData("any", "format=pdf", true)]
    [InlineData("any", "type=report", true)]
    [InlineData("any", "type=log", false)]
    [InlineData("any", "", false)]
    [InlineData("", "format=pdf,type=report", true)] // x-match defaults to all
    [InlineData("", "format=pdf", false)]
    public async Task Headers_exchange_x_match(string match, string headers, bool routed)
    {
        var x = Exchange("headers");
        var q = Queue("headers");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Headers);
        await Channel.QueueDeclareAsync(q, false, false, false);
        var args = new Dictionary<string, object?> { ["format"] = "pdf", ["type"] = "report" };
        if (match.Length > 0)
        {
            args["x-match"] = match;
        }

        await Channel.QueueBindAsync(q, x, "", args);
        await Channel.BasicPublishAsync(x, "key-is-ignored", false, new BasicProperties { Headers = Table(headers) }, Utf8("m"));
        await Channel.BasicPublishAsync("", q, Utf8("marker"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) >= 1));
        Assert.Equal(routed ? new[] { "m", "marker" } : new[] { "marker" }, await DrainAsync(q));
    }

    [Theory]
    [InlineData("all", "", "z=1", true)] // no keys to match: all matches everything
    [InlineData("any", "", "z=1", false)] // ... and any matches nothing
    [InlineData("all", "a=1,x-foo=bar", "a=1", true)] // binding keys starting with x- are ignored
    [InlineData("any", "x-foo=bar", "x-foo=bar", false)]
    public async Task Headers_exchange_edge_cases(string match, string bindingHeaders, string messageHeaders, bool routed)
    {
        var x = Exchange("headers-edge");
        var q = Queue("headers-edge");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Headers);
        await Channel.QueueDeclareAsync(q, false, false, false);
        var args = Table(bindingHeaders);
        args["x-match"] = match;
        await Channel.QueueBindAsync(q, x, "", args);
        await Channel.BasicPublishAsync(x, "", false, new BasicProperties { Headers = Table(messageHeaders) }, Utf8("m"));
        await Channel.BasicPublishAsync("", q, Utf8("marker"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) >= 1));
        Assert.Equal(routed ? new[] { "m", "marker" } : new[] { "marker" }, await DrainAsync(q));
    }

    /// <summary>"k=v,k2=v2" as a field table of strings.</summary>
    private static Dictionary<string, object?> Table(string pairs)
    {
        var table = new Dictionary<string, object?>();
        foreach (var pair in pairs.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=');
            table[kv[0]] = kv[1];
        }

        return table;
    }

    [Fact]
    public async Task Headers_match_compares_typed_values()
    {
        var x = Exchange("headers-typed");
        var q = Queue("headers-typed");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Headers);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, x, "", new Dictionary<string, object?> { ["x-match"] = "all", ["n"] = 42 });
        await Channel.BasicPublishAsync(x, "", false, new BasicProperties { Headers = new Dictionary<string, object?> { ["n"] = 42 } }, Utf8("int"));
        await Channel.BasicPublishAsync(x, "", false, new BasicProperties { Headers = new Dictionary<string, object?> { ["n"] = 43 } }, Utf8("other"));
        await Channel.BasicPublishAsync("", q, Utf8("marker"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) >= 2));
        Assert.Equal(new[] { "int", "marker" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Amq_headers_and_amq_match_are_headers_exchanges()
    {
        foreach (var x in new[] { "amq.headers", "amq.match" })
        {
            var q = Queue("amqh-" + x);
            await Channel.QueueDeclareAsync(q, false, false, false);
            await Channel.QueueBindAsync(q, x, "", new Dictionary<string, object?> { ["x-match"] = "any", ["h"] = q });
            await Channel.BasicPublishAsync(x, "", false, new BasicProperties { Headers = new Dictionary<string, object?> { ["h"] = q } }, Utf8(x));
            Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        }
    }

    [Fact]
    public async Task Unroutable_without_mandatory_is_silently_dropped()
    {
        var x = Exchange("drop");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Direct);
        await Channel.BasicPublishAsync(x, "nobody", Utf8("gone"));
        // the channel stays usable
        await Channel.ExchangeDeclarePassiveAsync(x);
    }

    [Fact]
    public async Task Publish_to_a_missing_exchange_closes_the_channel_with_404()
    {
        await using var ch = await Connection.CreateChannelAsync();
        var shutdown = ShutdownOf(ch);
        await ch.BasicPublishAsync(Unique("no-such-exchange"), "k", Utf8("x"));
        var reason = await Within(shutdown);
        Assert.Equal(404, reason.ReplyCode);
        Assert.True(Connection.IsOpen);
    }
}
