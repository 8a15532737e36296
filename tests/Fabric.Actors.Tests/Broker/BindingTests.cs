using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

public sealed class BindingTests : BrokerTestBase
{
    [Fact]
    public async Task Default_exchange_routes_to_the_queue_named_by_the_routing_key()
    {
        await DeclareQueue("dq");
        Assert.Equal(["dq"], Publish("", "dq", "m"));
        Assert.Empty(Publish("", "other", "m"));
    }

    [Fact]
    public async Task The_default_exchange_cannot_be_bound_or_unbound()
    {
        await DeclareQueue("b1");
        var e = await Refused(ReplyCode.AccessRefused, () => Bind("b1", "", "zz"));
        Assert.Equal("operation not permitted on the default exchange", e.Message);
        await Refused(ReplyCode.AccessRefused, () =>
            VHost.QueueUnbind(new QueueUnbind { Queue = "b1", Exchange = "", RoutingKey = "b1" }, Session()));
        await Refused(ReplyCode.AccessRefused, () =>
            VHost.ExchangeBind(new ExchangeBind { Source = "", Destination = "amq.fanout" }, Session()));
        await Refused(ReplyCode.AccessRefused, () =>
            VHost.ExchangeBind(new ExchangeBind { Source = "amq.fanout", Destination = "" }, Session()));
    }

    [Fact]
    public async Task Binding_to_a_missing_exchange_or_queue_is_404()
    {
        await DeclareQueue("b2");
        var e = await Refused(ReplyCode.NotFound, () => Bind("b2", "no-x", "k"));
        Assert.Equal("no exchange 'no-x' in vhost '/'", e.Message);
        Assert.Equal((50, 20), (e.ClassId, e.MethodId));
        e = await Refused(ReplyCode.NotFound, () => Bind("no-q", "amq.direct", "k"));
        Assert.Equal("no queue 'no-q' in vhost '/'", e.Message);
        // Both missing: the exchange is reported, as RabbitMQ does.
        e = await Refused(ReplyCode.NotFound, () => Bind("no-q", "no-x", "k"));
        Assert.Equal("no exchange 'no-x' in vhost '/'", e.Message);
        e = await Refused(ReplyCode.NotFound, () =>
            VHost.ExchangeBind(new ExchangeBind { Source = "amq.direct", Destination = "no-x2" }, Session()));
        Assert.Equal("no exchange 'no-x2' in vhost '/'", e.Message);
    }

    [Fact]
    public async Task Bind_is_idempotent_and_unbind_of_anything_missing_is_fine()
    {
        await DeclareQueue("b3");
        await Bind("b3", "amq.direct", "k");
        await Bind("b3", "amq.direct", "k");
        Assert.Equal(1, VHost.FindExchange("amq.direct")!.Snapshot.Table.Count);
        Assert.Equal(["b3"], Publish("amq.direct", "k", "m"));
        await VHost.QueueUnbind(new QueueUnbind { Queue = "b3", Exchange = "amq.direct", RoutingKey = "k" }, Session());
        Assert.Empty(Publish("amq.direct", "k", "m"));
        await VHost.QueueUnbind(new QueueUnbind { Queue = "b3", Exchange = "amq.direct", RoutingKey = "k" }, Session());
        await VHost.QueueUnbind(new QueueUnbind { Queue = "no-q", Exchange = "no-x", RoutingKey = "k" }, Session());
        await VHost.ExchangeUnbind(new ExchangeUnbind { Source = "no-x", Destination = "amq.fanout" }, Session());
    }

    [Fact]
    public async Task Headers_binding_with_a_bad_x_match_is_406()
    {
        await DeclareQueue("b4");
        var e = await Refused(ReplyCode.PreconditionFailed, () => Bind("b4", "amq.headers", "", Table(("x-match", "foo"))));
        Assert.Equal("Invalid x-match field value <<\"foo\">>; expected all, any, all-with-x, or any-with-x", e.Message);
        await Bind("b4", "amq.headers", "", Table(("x-match", "any"), ("a", 1)));
        Assert.Equal(["b4"], Publish("amq.headers", "", "m", Table(("a", 1))));
        Assert.Empty(Publish("amq.headers", "", "m", Table(("a", 2))));
    }

    [Fact]
    public async Task Direct_fanout_and_topic_routing_end_to_end()
    {
        await DeclareQueue("r1");
        await DeclareQueue("r2");
        await Bind("r1", "amq.topic", "a.*");
        await Bind("r2", "amq.topic", "#");
        await Bind("r1", "amq.fanout", "");
        await Bind("r2", "amq.fanout", "");
        Assert.Equal(["r1", "r2"], Publish("amq.topic", "a.b", "m").Order());
        Assert.Equal(["r2"], Publish("amq.topic", "a.b.c", "m"));
        Assert.Equal(["r1", "r2"], Publish("amq.fanout", "whatever", "m").Order());
    }

    [Fact]
    public async Task Exchange_to_exchange_bindings_route_through()
    {
        await DeclareExchange("e2e-src", ExchangeType.Topic);
        await DeclareExchange("e2e-dst", ExchangeType.Direct);
        await DeclareQueue("e2e-q");
        await VHost.ExchangeBind(new ExchangeBind { Source = "e2e-src", Destination = "e2e-dst", RoutingKey = "k.#" },
            Session());
        await Bind("e2e-q", "e2e-dst", "k.1");
        Assert.Equal(["e2e-q"], Publish("e2e-src", "k.1", "m"));
        Assert.Empty(Publish("e2e-src", "k.2", "m"));
        await VHost.ExchangeUnbind(new ExchangeUnbind { Source = "e2e-src", Destination = "e2e-dst", RoutingKey = "k.#" },
            Session());
        Assert.Empty(Publish("e2e-src", "k.1", "m"));
    }

    [Fact]
    public async Task Unroutable_messages_go_to_the_alternate_exchange()
    {
        await DeclareExchange("with-ae", ExchangeType.Direct, arguments: Table(("alternate-exchange", "ae")));
        await DeclareExchange("ae", ExchangeType.Fanout);
        await DeclareQueue("routed");
        await DeclareQueue("unrouted");
        await Bind("routed", "with-ae", "k");
        await Bind("unrouted", "ae", "");
        Assert.Equal(["routed"], Publish("with-ae", "k", "m"));
        Assert.Equal(["unrouted"], Publish("with-ae", "other", "m"));
    }

    [Fact]
    public async Task Auto_delete_exchange_goes_with_its_last_binding_not_before()
    {
        await DeclareExchange("ad1", ExchangeType.Direct, autoDelete: true);
        await DeclareQueue("adq");
        Assert.NotNull(VHost.FindExchange("ad1"));
        await Bind("adq", "ad1", "a");
        await Bind("adq", "ad1", "b");
        await VHost.QueueUnbind(new QueueUnbind { Queue = "adq", Exchange = "ad1", RoutingKey = "a" }, Session());
        Assert.NotNull(VHost.FindExchange("ad1"));
        await VHost.QueueUnbind(new QueueUnbind { Queue = "adq", Exchange = "ad1", RoutingKey = "b" }, Session());
        Assert.Null(VHost.FindExchange("ad1"));
    }

    [Fact]
    public async Task Auto_delete_exchange_goes_when_its_bound_queue_or_destination_exchange_is_deleted()
    {
        await DeclareExchange("ad2", ExchangeType.Fanout, autoDelete: true);
        await DeclareQueue("adq2");
        await Bind("adq2", "ad2", "");
        await VHost.QueueDelete(new QueueDelete { Queue = "adq2" }, Session());
        Assert.Null(VHost.FindExchange("ad2"));

        await DeclareExchange("ad3", ExchangeType.Fanout, autoDelete: true);
        await DeclareExchange("ad3-dst", ExchangeType.Fanout);
        await VHost.ExchangeBind(new ExchangeBind { Source = "ad3", Destination = "ad3-dst" }, Session());
        await VHost.ExchangeDelete(new ExchangeDelete { Exchange = "ad3-dst" }, Session());
        Assert.Null(VHost.FindExchange("ad3"));
    }

    [Fact]
    public async Task Deleting_a_queue_removes_its_bindings_from_every_exchange()
    {
        await DeclareQueue("del-b");
        await Bind("del-b", "amq.direct", "k1");
        await Bind("del-b", "amq.topic", "k.*");
        await VHost.QueueDelete(new QueueDelete { Queue = "del-b" }, Session());
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(0, VHost.FindExchange("amq.direct")!.Snapshot.Table.Count);
            Assert.Equal(0, VHost.FindExchange("amq.topic")!.Snapshot.Table.Count);
            return Task.CompletedTask;
        });
        // A new queue of the same name starts unbound.
        await DeclareQueue("del-b");
        Assert.Empty(Publish("amq.direct", "k1", "m"));
    }
}
