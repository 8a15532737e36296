using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

public sealed class QueueDeclareTests : BrokerTestBase
{
    private const string LockedSuffix = ". It could be originally declared on another connection or the exclusive "
                                        + "property value does not match that of the original declaration.";

    [Fact]
    public async Task An_empty_name_gets_a_server_generated_one()
    {
        var a = await DeclareQueue("", exclusive: true);
        var b = await DeclareQueue("", exclusive: true);
        Assert.StartsWith("amq.gen-", a);
        Assert.Equal(30, a.Length);
        Assert.NotEqual(a, b);
        Assert.NotNull(VHost.FindQueue(a));
        // Its name may be used to redeclare it.
        await DeclareQueue(a, exclusive: true);
    }

    [Fact]
    public async Task Amq_prefixed_names_are_reserved()
    {
        var e = await Refused(ReplyCode.AccessRefused, () => DeclareQueue("amq.foo"));
        Assert.Equal("queue name 'amq.foo' contains reserved prefix 'amq.*'", e.Message);
        Assert.Equal((50, 10), (e.ClassId, e.MethodId));
    }

    [Fact]
    public async Task Passive_declare_of_a_missing_queue_is_404_and_of_an_existing_one_reports_counts()
    {
        var e = await Refused(ReplyCode.NotFound, () =>
            VHost.QueueDeclare(new QueueDeclare { Queue = "missing", Passive = true }, Session()));
        Assert.Equal("no queue 'missing' in vhost '/'", e.Message);

        await DeclareQueue("counted");
        Publish("", "counted", "1");
        Publish("", "counted", "2");
        var consumer = CreateTestProbe();
        await DeclareQueue("consumed");
        Assert.Same(QueueReply.Ok, await Consume("consumed", consumer, "c1"));
        await AwaitAssertAsync(async () =>
        {
            var ok = await VHost.QueueDeclare(new QueueDeclare { Queue = "counted", Passive = true, Durable = true }, Session());
            Assert.Equal((2u, 0u), (ok.MessageCount, ok.ConsumerCount));
        });
        var consumed = await VHost.QueueDeclare(new QueueDeclare { Queue = "consumed" }, Session());
        Assert.Equal((0u, 1u), (consumed.MessageCount, consumed.ConsumerCount));
    }

    [Fact]
    public async Task Redeclare_with_other_flags_is_406()
    {
        await DeclareQueue("flags", autoDelete: true);
        var e = await Refused(ReplyCode.PreconditionFailed, () => DeclareQueue("flags", durable: true, autoDelete: true));
        Assert.Equal("inequivalent arg 'durable' for queue 'flags' in vhost '/': received 'true' but current is 'false'",
            e.Message);
        e = await Refused(ReplyCode.PreconditionFailed, () => DeclareQueue("flags"));
        Assert.Equal("inequivalent arg 'auto_delete' for queue 'flags' in vhost '/': received 'false' but current is 'true'",
            e.Message);
    }

    [Fact]
    public async Task Redeclare_with_other_arguments_is_406_with_RabbitMQ_texts()
    {
        await DeclareQueue("args", arguments: Table(("x-message-ttl", 100), ("x-foo", 1)));
        // Integer types are interchangeable; unknown arguments are not compared.
        await DeclareQueue("args", arguments: Table(("x-message-ttl", 100L), ("x-foo", 2)));
        var e = await Refused(ReplyCode.PreconditionFailed, () => DeclareQueue("args", arguments: Table(("x-message-ttl", 200))));
        Assert.Equal("inequivalent arg 'x-message-ttl' for queue 'args' in vhost '/': received '200' but current is '100'",
            e.Message);
        e = await Refused(ReplyCode.PreconditionFailed, () => DeclareQueue("args"));
        Assert.Equal("inequivalent arg 'x-message-ttl' for queue 'args' in vhost '/': received none but current is the "
                     + "value '100' of type 'signedint'", e.Message);
        e = await Refused(ReplyCode.PreconditionFailed, () =>
            DeclareQueue("args", arguments: Table(("x-message-ttl", 100), ("x-expires", 100000))));
        Assert.Equal("inequivalent arg 'x-expires' for queue 'args' in vhost '/': received the value '100000' of type "
                     + "'signedint' but current is none", e.Message);
    }

    [Fact]
    public async Task Queue_type_absent_means_classic()
    {
        await DeclareQueue("typed");
        await DeclareQueue("typed", arguments: Table(("x-queue-type", "classic")));
        await Refused(ReplyCode.PreconditionFailed, () => DeclareQueue("typed", arguments: Table(("x-queue-type", "quorum"))));
    }

    [Fact]
    public async Task Invalid_arguments_are_406()
    {
        var e = await Refused(ReplyCode.PreconditionFailed, () => DeclareQueue("bad", arguments: Table(("x-message-ttl", -1))));
        Assert.Equal("invalid arg 'x-message-ttl' for queue 'bad' in vhost '/': {value_negative,-1}", e.Message);
        Assert.Null(VHost.FindQueue("bad"));
    }

    [Fact]
    public async Task Harmless_arguments_of_other_brokers_are_accepted()
    {
        await DeclareQueue("kombu", arguments: Table(("x-ha-policy", "all"), ("x-cancel-on-ha-failover", true),
            ("x-delivery-limit", 5), ("x-expires", 60000)));
        await DeclareQueue("quorum", durable: true, arguments: Table(("x-queue-type", "quorum"), ("x-delivery-limit", 5)));
        Assert.NotNull(VHost.FindQueue("kombu"));
        Assert.NotNull(VHost.FindQueue("quorum"));
    }

    [Theory]
    [InlineData(false, false, false, null, "invalid property 'non-durable' for queue 'qq' in vhost '/'")]
    [InlineData(true, true, false, null, "invalid property 'exclusive-owner' for queue 'qq' in vhost '/'")]
    [InlineData(true, false, true, null, "invalid property 'auto-delete' for queue 'qq' in vhost '/'")]
    [InlineData(true, false, false, "x-max-priority",
        "invalid arg 'x-max-priority' for queue 'qq' in vhost '/' of queue type rabbit_quorum_queue")]
    public async Task Quorum_queues_are_declared_under_RabbitMQs_rules(bool durable, bool exclusive, bool autoDelete,
        string? argument, string text)
    {
        var arguments = argument is null
            ? Table(("x-queue-type", "quorum"))
            : Table(("x-queue-type", "quorum"), (argument, 5));
        var e = await Refused(ReplyCode.PreconditionFailed, () =>
            DeclareQueue("qq", durable, exclusive, autoDelete, arguments));
        Assert.Equal(text, e.Message);
        e = await Refused(ReplyCode.PreconditionFailed, () => DeclareQueue("", true, arguments: Table(("x-queue-type", "quorum"))));
        Assert.Equal("Cannot declare a server-named queue for type rabbit_quorum_queue", e.Message);
    }

    [Fact]
    public async Task Exclusive_queue_is_locked_to_its_connection()
    {
        await DeclareQueue("mine", exclusive: true, connectionId: 7);
        var other = Session(8);
        var expected = "cannot obtain exclusive access to locked queue 'mine' in vhost '/'" + LockedSuffix;
        var e = await Refused(ReplyCode.ResourceLocked, () => VHost.QueueDeclare(new QueueDeclare { Queue = "mine", Exclusive = true }, other));
        Assert.Equal(expected, e.Message);
        await Refused(ReplyCode.ResourceLocked, () => VHost.QueueDeclare(new QueueDeclare { Queue = "mine", Passive = true }, other));
        await Refused(ReplyCode.ResourceLocked, () => Bind("mine", "amq.direct", "k", connectionId: 8));
        await Refused(ReplyCode.ResourceLocked, () => VHost.QueuePurge(new QueuePurge { Queue = "mine" }, other));
        await Refused(ReplyCode.ResourceLocked, () => VHost.QueueDelete(new QueueDelete { Queue = "mine" }, other));

        var probe = CreateTestProbe();
        var reply = await Consume("mine", probe, "c", connectionId: 8);
        Assert.Equal(ReplyCode.ResourceLocked, reply.Error!.ReplyCode);
        var get = await QueueRef("mine").Ask<QueueReply>(new QueueGet(probe, 1, ChannelKey(8, 1), 8, true), Long);
        Assert.Equal(ReplyCode.ResourceLocked, get.Error!.ReplyCode);

        // The owner may use it; a redeclare that is not exclusive is refused even for the owner.
        await DeclareQueue("mine", exclusive: true, connectionId: 7);
        await VHost.QueueDeclare(new QueueDeclare { Queue = "mine", Passive = true }, Session(7));
        await Refused(ReplyCode.ResourceLocked, () => DeclareQueue("mine", connectionId: 7));
        Assert.Same(QueueReply.Ok, await Consume("mine", probe, "c", connectionId: 7));
    }

    [Fact]
    public async Task A_shared_queue_cannot_be_redeclared_exclusive()
    {
        await DeclareQueue("shared");
        await Refused(ReplyCode.ResourceLocked, () => DeclareQueue("shared", exclusive: true));
    }

    [Fact]
    public async Task Exclusive_queues_go_when_their_connection_closes()
    {
        await DeclareQueue("excl-a", exclusive: true, connectionId: 21);
        await DeclareQueue("excl-b", exclusive: true, connectionId: 21);
        await DeclareQueue("excl-c", exclusive: true, connectionId: 22);
        VHost.ConnectionClosed(21);
        await AwaitAssertAsync(() =>
        {
            Assert.Null(VHost.FindQueue("excl-a"));
            Assert.Null(VHost.FindQueue("excl-b"));
            return Task.CompletedTask;
        });
        Assert.NotNull(VHost.FindQueue("excl-c"));
    }

    [Fact]
    public async Task A_reconnecting_client_may_declare_its_exclusive_queue_again_at_once()
    {
        await DeclareQueue("reply-q", exclusive: true, connectionId: 31);
        Publish("", "reply-q", "old");
        var old = QueueRef("reply-q");
        VHost.ConnectionClosed(31);
        await DeclareQueue("reply-q", exclusive: true, connectionId: 32);
        Assert.NotSame(old, QueueRef("reply-q"));
        var ok = await VHost.QueueDeclare(new QueueDeclare { Queue = "reply-q", Passive = true }, Session(32));
        Assert.Equal(0u, ok.MessageCount);
    }

    [Fact]
    public async Task Delete_of_a_missing_queue_returns_zero()
    {
        Assert.Equal(0u, await VHost.QueueDelete(new QueueDelete { Queue = "never" }, Session()));
    }

    [Fact]
    public async Task Delete_returns_the_ready_count_and_honours_if_empty_and_if_unused()
    {
        await DeclareQueue("del");
        Publish("", "del", "1");
        Publish("", "del", "2");
        Publish("", "del", "3");
        var e = await Refused(ReplyCode.PreconditionFailed, () =>
            VHost.QueueDelete(new QueueDelete { Queue = "del", IfEmpty = true }, Session()));
        Assert.Equal("queue 'del' in vhost '/' not empty", e.Message);
        Assert.Equal((50, 40), (e.ClassId, e.MethodId));

        await DeclareQueue("used");
        Assert.Same(QueueReply.Ok, await Consume("used", CreateTestProbe(), "c"));
        e = await Refused(ReplyCode.PreconditionFailed, () =>
            VHost.QueueDelete(new QueueDelete { Queue = "used", IfUnused = true }, Session()));
        Assert.Equal("queue 'used' in vhost '/' in use", e.Message);

        Assert.Equal(3u, await VHost.QueueDelete(new QueueDelete { Queue = "del" }, Session()));
        Assert.Null(VHost.FindQueue("del"));
        Assert.Empty(Publish("", "del", "after"));
    }

    [Fact]
    public async Task Purge_returns_the_count_and_a_missing_queue_is_404()
    {
        await DeclareQueue("purged");
        Publish("", "purged", "1");
        Publish("", "purged", "2");
        Assert.Equal(2u, await VHost.QueuePurge(new QueuePurge { Queue = "purged" }, Session()));
        Assert.Equal(0u, await VHost.QueuePurge(new QueuePurge { Queue = "purged" }, Session()));
        var e = await Refused(ReplyCode.NotFound, () => VHost.QueuePurge(new QueuePurge { Queue = "nope" }, Session()));
        Assert.Equal("no queue 'nope' in vhost '/'", e.Message);
    }

    [Fact]
    public async Task A_deleted_queue_can_be_declared_again_at_once()
    {
        for (var i = 0; i < 5; i++)
        {
            await DeclareQueue("again", durable: i % 2 == 0);
            Publish("", "again", "m");
            Assert.Equal(1u, await VHost.QueueDelete(new QueueDelete { Queue = "again" }, Session()));
        }
    }
}
