using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>queue.declare/bind/unbind/purge/delete, exclusivity and auto-delete.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class QueueTests : ConformanceTest
{
    public QueueTests(BrokerFixture broker) : base(broker)
    {
    }

    [Fact]
    public async Task Server_named_queue_is_amq_gen()
    {
        var ok = await Channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        Assert.StartsWith("amq.gen-", ok.QueueName);
        Assert.Equal(0u, ok.MessageCount);
        Assert.Equal(0u, ok.ConsumerCount);
    }

    [Fact]
    public async Task Declare_ok_reports_message_and_consumer_counts()
    {
        var q = Queue("counts");
        await Channel.QueueDeclareAsync(q, false, false, false);
        for (var i = 0; i < 3; i++)
        {
            await Channel.BasicPublishAsync("", q, Utf8("m" + i));
        }

        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 3));
        await using var consumerChannel = await Connection.CreateChannelAsync();
        await consumerChannel.BasicQosAsync(0, 1, false);
        await ConsumeAsync(consumerChannel, q, autoAck: false);
        Assert.True(await EventuallyAsync(async () =>
        {
            var ok = await Channel.QueueDeclareAsync(q, false, false, false);
            return ok.ConsumerCount == 1 && ok.MessageCount == 2; // one is out, unacked: not counted as ready
        }));
        Assert.Equal(1u, await Channel.ConsumerCountAsync(q));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Flags_are_accepted_and_redeclare_with_same_flags_is_ok(bool durable, bool autoDelete)
    {
        var q = Queue($"flags-{durable}-{autoDelete}");
        await Channel.QueueDeclareAsync(q, durable, false, autoDelete);
        await Channel.QueueDeclareAsync(q, durable, false, autoDelete);
        await Channel.QueueDeclarePassiveAsync(q);
    }

    [Fact]
    public async Task Passive_declare_of_missing_queue_is_404()
    {
        var reason = await ExpectCloseAsync(404, () => Channel.QueueDeclarePassiveAsync(Unique("missing")));
        Assert.Contains("NOT_FOUND", reason.ReplyText);
    }

    [Fact]
    public async Task Redeclare_with_different_durability_is_406()
    {
        var q = Queue("redecl");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var ch = await Connection.CreateChannelAsync();
        var reason = await ExpectCloseAsync(406, () => ch.QueueDeclareAsync(q, true, false, false));
        Assert.Contains("PRECONDITION_FAILED", reason.ReplyText);
    }

    [Fact]
    public async Task Redeclare_with_different_arguments_is_406()
    {
        var q = Queue("redecl-args");
        await Channel.QueueDeclareAsync(q, false, false, false,
            new Dictionary<string, object?> { ["x-message-ttl"] = 1000 });
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(406, () => ch.QueueDeclareAsync(q, false, false, false,
            new Dictionary<string, object?> { ["x-message-ttl"] = 2000 }));
    }

    [Fact]
    public async Task Declaring_an_amq_prefixed_queue_is_403()
    {
        await ExpectCloseAsync(403, () => Channel.QueueDeclareAsync("amq.conformance." + Guid.NewGuid().ToString("N"),
            false, false, false));
    }

    [Fact]
    public async Task Exclusive_queue_is_locked_to_its_connection_405()
    {
        var q = Queue("excl");
        await Channel.QueueDeclareAsync(q, false, exclusive: true, autoDelete: false);
        var other = await NewConnectionAsync();
        await using (var ch = await other.CreateChannelAsync())
        {
            var reason = await ExpectCloseAsync(405, () => ch.QueueDeclarePassiveAsync(q));
            Assert.Contains("RESOURCE_LOCKED", reason.ReplyText);
        }

        await using (var ch = await other.CreateChannelAsync())
        {
            await ExpectCloseAsync(405, () => ch.BasicConsumeAsync(q, true, new DeliverySink(ch).Consumer));
        }

        await using (var ch = await other.CreateChannelAsync())
        {
            await ExpectCloseAsync(405, () => ch.BasicGetAsync(q, true));
        }

        await using (var ch = await other.CreateChannelAsync())
        {
            await ExpectCloseAsync(405, () => ch.QueueDeleteAsync(q));
        }

        // the owner still uses it
        await Channel.BasicPublishAsync("", q, Utf8("mine"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
    }

    [Fact]
    public async Task Exclusive_queue_is_deleted_with_its_connection()
    {
        var q = Unique("excl-gone");
        var owner = await Broker.ConnectAsync();
        await using (var ch = await owner.CreateChannelAsync())
        {
            await ch.QueueDeclareAsync(q, false, exclusive: true, autoDelete: false);
        }

        await owner.CloseAsync();
        owner.Dispose();
        Assert.True(await EventuallyAsync(() => QueueGoneAsync(q)));
    }

    [Fact]
    public async Task Auto_delete_queue_is_deleted_after_its_last_consumer_cancels()
    {
        var q = Unique("autodel");
        await Channel.QueueDeclareAsync(q, false, false, autoDelete: true);
        var t1 = await Channel.BasicConsumeAsync(q, true, new DeliverySink(Channel).Consumer);
        var t2 = await Channel.BasicConsumeAsync(q, true, new DeliverySink(Channel).Consumer);
        await Channel.BasicCancelAsync(t1);
        Assert.False(await QueueGoneAsync(q));
        await Channel.BasicCancelAsync(t2);
        Assert.True(await EventuallyAsync(() => QueueGoneAsync(q)));
    }

    [Fact]
    public async Task Auto_delete_queue_is_deleted_when_its_consumers_connection_closes()
    {
        var q = Unique("autodel-conn");
        await Channel.QueueDeclareAsync(q, false, false, autoDelete: true);
        var consumer = await Broker.ConnectAsync();
        await using (var ch = await consumer.CreateChannelAsync())
        {
            await ch.BasicConsumeAsync(q, true, new DeliverySink(ch).Consumer);
            Assert.False(await QueueGoneAsync(q));
        }

        await consumer.CloseAsync();
        consumer.Dispose();
        Assert.True(await EventuallyAsync(() => QueueGoneAsync(q)));
    }

    [Fact]
    public async Task Auto_delete_queue_without_consumers_yet_stays()
    {
        var q = Queue("autodel-fresh");
        await Channel.QueueDeclareAsync(q, false, false, autoDelete: true);
        Assert.False(await QueueGoneAsync(q));
    }

    [Fact]
    public async Task Bind_and_unbind_change_routing()
    {
        var x = Exchange("bind");
        var q = Queue("bind");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Direct);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, x, "k1");
        await Channel.QueueBindAsync(q, x, "k2");
        await Channel.BasicPublishAsync(x, "k1", Utf8("one"));
        await Channel.BasicPublishAsync(x, "k2", Utf8("two"));
        await Channel.BasicPublishAsync(x, "k3", Utf8("dropped"));
        await Channel.QueueUnbindAsync(q, x, "k1");
        await Channel.BasicPublishAsync(x, "k1", Utf8("after unbind"));
        await Channel.BasicPublishAsync(x, "k2", Utf8("three"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 3));
        Assert.Equal(new[] { "one", "two", "three" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Duplicate_bind_is_idempotent()
    {
        var x = Exchange("dupbind");
        var q = Queue("dupbind");
        await Channel.ExchangeDeclareAsync(x, ExchangeType.Direct);
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueBindAsync(q, x, "k");
        await Channel.QueueBindAsync(q, x, "k");
        await Channel.BasicPublishAsync(x, "k", Utf8("once"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        Assert.Equal(new[] { "once" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Unbinding_a_missing_binding_is_ok()
    {
        var q = Queue("unbind-none");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.QueueUnbindAsync(q, "amq.direct", "never-bound");
        Assert.True(Channel.IsOpen);
    }

    [Fact]
    public async Task Purge_returns_the_count_and_empties()
    {
        var q = Queue("purge");
        await Channel.QueueDeclareAsync(q, false, false, false);
        for (var i = 0; i < 5; i++)
        {
            await Channel.BasicPublishAsync("", q, Utf8("p"));
        }

        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 5));
        Assert.Equal(5u, await Channel.QueuePurgeAsync(q));
        Assert.Equal(0u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Delete_returns_the_message_count()
    {
        var q = Queue("delete-count");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.BasicPublishAsync("", q, Utf8("a"));
        await Channel.BasicPublishAsync("", q, Utf8("b"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 2));
        Assert.Equal(2u, await Channel.QueueDeleteAsync(q));
        Assert.True(await QueueGoneAsync(q));
    }

    [Fact]
    public async Task Delete_if_empty_with_messages_is_406()
    {
        var q = Queue("ifempty");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.BasicPublishAsync("", q, Utf8("x"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(406, () => ch.QueueDeleteAsync(q, ifUnused: false, ifEmpty: true));
    }

    [Fact]
    public async Task Delete_if_unused_with_a_consumer_is_406()
    {
        var q = Queue("ifunused");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.BasicConsumeAsync(q, true, new DeliverySink(Channel).Consumer);
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(406, () => ch.QueueDeleteAsync(q, ifUnused: true, ifEmpty: false));
    }

    [Fact]
    public async Task Deleting_a_missing_queue_is_ok()
    {
        Assert.Equal(0u, await Channel.QueueDeleteAsync(Unique("never-declared")));
    }

    [Fact]
    public async Task Purge_of_missing_queue_is_404()
    {
        await ExpectCloseAsync(404, () => Channel.QueuePurgeAsync(Unique("missing")));
    }

    [Fact]
    public async Task Empty_queue_name_means_the_channels_last_declared_queue()
    {
        await using var ch = await Connection.CreateChannelAsync();
        var q = (await ch.QueueDeclareAsync("", false, true, true)).QueueName;
        var key = Unique("current");
        await ch.QueueBindAsync("", "amq.direct", key);
        await ch.BasicPublishAsync("amq.direct", key, Utf8("via current queue"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        Assert.Equal("via current queue", Text(await ch.BasicGetAsync("", true)));
    }

    [Fact]
    public async Task Empty_queue_name_without_a_current_queue_is_an_error()
    {
        // queue.bind with an empty queue name means "the last declared queue on this channel"; none here.
        await using var ch = await Connection.CreateChannelAsync();
        var error = await Assert.ThrowsAnyAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(
            () => ch.QueueBindAsync("", "amq.direct", "k"));
        Assert.Contains(error.ShutdownReason!.ReplyCode, new ushort[] { 530, 404 });
    }
}
