using System.Text;
using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>Queue arguments: TTLs, expiry, length limits and overflow, dead-lettering, priorities, accepted extras.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class QueueArgumentTests : ConformanceTest
{
    public QueueArgumentTests(BrokerFixture broker) : base(broker)
    {
    }

    private async Task<string> DeclareAsync(string hint, Dictionary<string, object?> args, bool durable = false)
    {
        var q = Queue(hint);
        await Channel.QueueDeclareAsync(q, durable, false, false, args);
        return q;
    }

    [Fact]
    public async Task X_message_ttl_expires_messages()
    {
        var x = Exchange("ttl-fan");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Fanout);
        var ttl = await DeclareAsync("ttl", new() { ["x-message-ttl"] = 100 });
        var control = await DeclareAsync("ttl-control", new());
        await Channel.QueueBindAsync(ttl, x, "");
        await Channel.QueueBindAsync(control, x, "");
        await Channel.BasicPublishAsync(x, "", Utf8("short-lived"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(control) == 1));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(ttl) == 0));
        Assert.Null(await Channel.BasicGetAsync(ttl, true));
    }

    [Fact]
    public async Task X_message_ttl_zero_delivers_to_waiting_consumer_only()
    {
        var q = await DeclareAsync("ttl0", new() { ["x-message-ttl"] = 0 });
        await Channel.BasicPublishAsync("", q, Utf8("nobody waiting"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 0));
        var sink = await ConsumeAsync(Channel, q, autoAck: true);
        await Channel.BasicPublishAsync("", q, Utf8("consumer waiting"));
        Assert.Equal("consumer waiting", (await sink.ReceiveAsync()).Text);
    }

    /// <summary>
    /// A synchronous method on the publishing channel: the broker has routed the earlier publishes once it answers,
    /// so TTL waits start after the messages are really queued.
    /// </summary>
    private Task EnqueuedAsync(string queue) => Channel.QueueDeclarePassiveAsync(queue);

    [Fact]
    public async Task Per_message_expiration_expires_that_message_only()
    {
        var q = await DeclareAsync("expiration", new());
        await Channel.BasicPublishAsync("", q, false, new BasicProperties { Expiration = "50" }, Utf8("short"));
        await Channel.BasicPublishAsync("", q, false, new BasicProperties { Expiration = "600000" }, Utf8("long"));
        await EnqueuedAsync(q);
        await Task.Delay(300); // let the 50 ms expiration pass (no tight timing asserted)
        Assert.Equal(new[] { "long" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Lower_of_queue_ttl_and_message_expiration_wins()
    {
        var q = await DeclareAsync("ttl-min", new() { ["x-message-ttl"] = 60_000 });
        await Channel.BasicPublishAsync("", q, false, new BasicProperties { Expiration = "50" }, Utf8("short"));
        await EnqueuedAsync(q);
        await Task.Delay(300);
        Assert.Empty(await DrainAsync(q));
    }

    [Fact]
    public async Task Invalid_expiration_is_406()
    {
        await using var ch = await Connection.CreateChannelAsync();
        var q = Queue("bad-expiration");
        await ch.QueueDeclareAsync(q, false, false, false);
        var shutdown = ShutdownOf(ch);
        await ch.BasicPublishAsync("", q, false, new BasicProperties { Expiration = "soon" }, Utf8("x"));
        Assert.Equal(406, (await Within(shutdown)).ReplyCode);
    }

    [Fact]
    public async Task X_expires_deletes_an_unused_queue()
    {
        var q = Unique("expires");
        TrackQueue(q);
        await Channel.QueueDeclareAsync(q, false, false, false, new Dictionary<string, object?> { ["x-expires"] = 200 });
        // a (passive) declare renews the lease, so poll slower than the expiry
        Assert.True(await EventuallyAsync(() => QueueGoneAsync(q), interval: TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task X_expires_waits_while_the_queue_has_consumers()
    {
        var q = await DeclareAsync("expires-used", new() { ["x-expires"] = 200 });
        await ConsumeAsync(Channel, q, autoAck: true);
        await Task.Delay(1000);
        Assert.False(await QueueGoneAsync(q));
    }

    [Fact]
    public async Task X_max_length_drops_from_the_head()
    {
        var q = await DeclareAsync("maxlen", new() { ["x-max-length"] = 3 });
        for (var i = 0; i < 6; i++)
        {
            await Channel.BasicPublishAsync("", q, Utf8(i.ToString()));
        }

        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 3));
        Assert.Equal(new[] { "3", "4", "5" }, await DrainAsync(q));
    }

    [Fact]
    public async Task X_max_length_bytes_drops_from_the_head()
    {
        var q = await DeclareAsync("maxbytes", new() { ["x-max-length-bytes"] = 25 });
        for (var i = 0; i < 5; i++)
        {
            await Channel.BasicPublishAsync("", q, Encoding.UTF8.GetBytes(new string((char)('a' + i), 10)));
        }

        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 2));
        Assert.Equal(new[] { "dddddddddd", "eeeeeeeeee" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Overflow_reject_publish_keeps_the_oldest()
    {
        var q = await DeclareAsync("reject-publish", new() { ["x-max-length"] = 2, ["x-overflow"] = "reject-publish" });
        for (var i = 0; i < 4; i++)
        {
            await Channel.BasicPublishAsync("", q, Utf8(i.ToString()));
        }

        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 2));
        Assert.Equal(new[] { "0", "1" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Invalid_overflow_value_is_406()
    {
        await ExpectCloseAsync(406, () => Channel.QueueDeclareAsync(Queue("bad-overflow"), false, false, false,
            new Dictionary<string, object?> { ["x-overflow"] = "explode" }));
    }

    [Fact]
    public async Task Invalid_argument_type_is_406()
    {
        await ExpectCloseAsync(406, () => Channel.QueueDeclareAsync(Queue("bad-arg"), false, false, false,
            new Dictionary<string, object?> { ["x-max-length"] = "ten" }));
    }

    [Fact]
    public async Task Negative_ttl_is_406()
    {
        await ExpectCloseAsync(406, () => Channel.QueueDeclareAsync(Queue("neg-ttl"), false, false, false,
            new Dictionary<string, object?> { ["x-message-ttl"] = -1 }));
    }

    private async Task<(string Source, string DeadLetters)> DeadLetterPairAsync(string hint,
        Dictionary<string, object?>? extra = null)
    {
        var dlx = Exchange(hint + "-dlx");
        var dlq = Queue(hint + "-dlq");
        await Channel.ExchangeDeclareAsync(dlx, ExchangeType.Fanout);
        await Channel.QueueDeclareAsync(dlq, false, false, false);
        await Channel.QueueBindAsync(dlq, dlx, "");
        var args = new Dictionary<string, object?> { ["x-dead-letter-exchange"] = dlx };
        foreach (var kv in extra ?? new())
        {
            args[kv.Key] = kv.Value;
        }

        return (await DeclareAsync(hint, args), dlq);
    }

    private async Task<BasicGetResult> OneAsync(string queue)
    {
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(queue) >= 1));
        return (await Channel.BasicGetAsync(queue, true))!;
    }

    private static IDictionary<string, object?> FirstDeath(BasicGetResult r)
    {
        var deaths = Assert.IsAssignableFrom<IList<object?>>(r.BasicProperties.Headers!["x-death"]);
        return Assert.IsAssignableFrom<IDictionary<string, object?>>(deaths[0]);
    }

    private static string Str(object? value) => Encoding.UTF8.GetString(Assert.IsType<byte[]>(value));

    [Fact]
    public async Task Rejected_message_is_dead_lettered_with_x_death()
    {
        var (q, dlq) = await DeadLetterPairAsync("dl-reject");
        await Channel.BasicPublishAsync("", q, false,
            new BasicProperties { Headers = new Dictionary<string, object?> { ["keep"] = "me" } }, Utf8("bad"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        var r = await Channel.BasicGetAsync(q, false);
        await Channel.BasicRejectAsync(r!.DeliveryTag, requeue: false);
        var dead = await OneAsync(dlq);
        Assert.Equal("bad", Text(dead));
        Assert.Equal(q, dead.RoutingKey); // original key kept
        Assert.Equal("me", Str(dead.BasicProperties.Headers!["keep"]));
        var death = FirstDeath(dead);
        Assert.Equal("rejected", Str(death["reason"]));
        Assert.Equal(q, Str(death["queue"]));
        Assert.Equal("", Str(death["exchange"]));
        Assert.Equal(1L, death["count"]);
        Assert.Equal(q, Str(Assert.IsAssignableFrom<IList<object?>>(death["routing-keys"])[0]));
        Assert.IsType<AmqpTimestamp>(death["time"]);
        Assert.Equal("rejected", Str(dead.BasicProperties.Headers["x-first-death-reason"]));
        Assert.Equal(q, Str(dead.BasicProperties.Headers["x-first-death-queue"]));
        Assert.Equal("", Str(dead.BasicProperties.Headers["x-first-death-exchange"]));
    }

    [Fact]
    public async Task Expired_message_is_dead_lettered_with_routing_key_override()
    {
        var (q, dlq) = await DeadLetterPairAsync("dl-expired", new()
        {
            ["x-message-ttl"] = 50,
            ["x-dead-letter-routing-key"] = "rerouted",
        });
        await Channel.BasicPublishAsync("", q, Utf8("old"));
        var dead = await OneAsync(dlq);
        Assert.Equal("rerouted", dead.RoutingKey);
        Assert.Equal("expired", Str(FirstDeath(dead)["reason"]));
    }

    [Fact]
    public async Task Per_message_expiration_dead_letters_and_strips_expiration()
    {
        var (q, dlq) = await DeadLetterPairAsync("dl-msg-exp");
        await Channel.BasicPublishAsync("", q, false, new BasicProperties { Expiration = "50" }, Utf8("p"));
        await EnqueuedAsync(q);
        await Task.Delay(300);
        await Channel.BasicGetAsync(q, true); // an expired head is noticed on access at the latest
        var dead = await OneAsync(dlq);
        Assert.False(dead.BasicProperties.IsExpirationPresent());
        var death = FirstDeath(dead);
        Assert.Equal("expired", Str(death["reason"]));
        Assert.Equal("50", Str(death["original-expiration"]));
    }

    [Fact]
    public async Task Max_length_overflow_dead_letters_the_dropped_head()
    {
        var (q, dlq) = await DeadLetterPairAsync("dl-maxlen", new() { ["x-max-length"] = 1 });
        await Channel.BasicPublishAsync("", q, Utf8("first"));
        await Channel.BasicPublishAsync("", q, Utf8("second"));
        var dead = await OneAsync(dlq);
        Assert.Equal("first", Text(dead));
        Assert.Equal("maxlen", Str(FirstDeath(dead)["reason"]));
    }

    [Fact]
    public async Task Dead_lettering_twice_through_the_same_queue_counts_deaths()
    {
        // q -> (reject) -> dlx -> dlq; dlq dead-letters back to q's exchange on reject: count grows in one entry
        var back = Exchange("dl-loop-back");
        await Channel.ExchangeDeclareAsync(back, ExchangeType.Fanout);
        var (q, dlq) = await DeadLetterPairAsync("dl-loop");
        await Channel.QueueBindAsync(q, back, "");
        await Channel.QueueDeleteAsync(dlq);
        await Channel.QueueDeclareAsync(dlq, false, false, false,
            new Dictionary<string, object?> { ["x-dead-letter-exchange"] = back });
        await Channel.QueueBindAsync(dlq, Exchange("dl-loop-dlx"), "");
        await Channel.BasicPublishAsync("", q, Utf8("loop"));
        for (var round = 0; round < 2; round++)
        {
            Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
            var r = await Channel.BasicGetAsync(q, false);
            await Channel.BasicRejectAsync(r!.DeliveryTag, false);
            Assert.True(await EventuallyAsync(async () => await MessageCountAsync(dlq) == 1));
            var d = await Channel.BasicGetAsync(dlq, false);
            await Channel.BasicRejectAsync(d!.DeliveryTag, false);
        }

        var final = await OneAsync(q);
        var deaths = Assert.IsAssignableFrom<IList<object?>>(final.BasicProperties.Headers!["x-death"]);
        Assert.Equal(2, deaths.Count); // one entry per (queue, reason)
        foreach (var entry in deaths)
        {
            Assert.Equal(2L, Assert.IsAssignableFrom<IDictionary<string, object?>>(entry)["count"]);
        }
    }

    [Fact]
    public async Task X_max_priority_delivers_higher_priority_first()
    {
        var q = await DeclareAsync("priority", new() { ["x-max-priority"] = 10 });
        foreach (var p in new byte[] { 1, 5, 3, 9, 0, 5 })
        {
            await Channel.BasicPublishAsync("", q, false, new BasicProperties { Priority = p }, Utf8(p.ToString()));
        }

        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 6));
        Assert.Equal(new[] { "9", "5", "5", "3", "1", "0" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Priority_above_the_maximum_counts_as_the_maximum()
    {
        var q = await DeclareAsync("priority-cap", new() { ["x-max-priority"] = 2 });
        await Channel.BasicPublishAsync("", q, false, new BasicProperties { Priority = 2 }, Utf8("two"));
        await Channel.BasicPublishAsync("", q, false, new BasicProperties { Priority = 9 }, Utf8("nine"));
        await Channel.BasicPublishAsync("", q, false, new BasicProperties { Priority = 1 }, Utf8("one"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 3));
        Assert.Equal(new[] { "two", "nine", "one" }, await DrainAsync(q));
    }

    [Theory]
    [InlineData("x-ha-policy", "all")]
    [InlineData("x-queue-type", "classic")]
    [InlineData("x-cancel-on-ha-failover", true)]
    [InlineData("x-queue-mode", "lazy")]
    [InlineData("x-single-active-consumer", false)]
    public async Task Accepted_queue_arguments(string name, object value)
    {
        var q = await DeclareAsync("accepted", new() { [name] = value });
        await Channel.BasicPublishAsync("", q, Utf8("ok"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        Assert.Equal(new[] { "ok" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Quorum_queue_with_delivery_limit_is_accepted_when_durable()
    {
        var q = await DeclareAsync("quorum", new() { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 5 }, durable: true);
        await using var ch = await NewChannelAsync(confirms: true);
        await ch.BasicPublishAsync("", q, false, new BasicProperties { Persistent = true }, Utf8("qq"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        var r = await Channel.BasicGetAsync(q, true);
        Assert.Equal("qq", Text(r));
    }

    [Fact]
    public async Task Quorum_queue_that_is_not_durable_is_406()
    {
        await ExpectCloseAsync(406, () => Channel.QueueDeclareAsync(Queue("quorum-transient"), false, false, false,
            new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }));
    }

    [Fact]
    public async Task Unknown_queue_type_is_406()
    {
        await ExpectCloseAsync(406, () => Channel.QueueDeclareAsync(Queue("weird-type"), true, false, false,
            new Dictionary<string, object?> { ["x-queue-type"] = "no-such-type" }));
    }
}
