using Fabric.Amqp;
using Fabric.Amqp.Methods;
using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

public sealed class ExchangeDeclareTests : BrokerTestBase
{
    [Theory]
    [InlineData("", "direct")]
    [InlineData("amq.direct", "direct")]
    [InlineData("amq.fanout", "fanout")]
    [InlineData("amq.topic", "topic")]
    [InlineData("amq.headers", "headers")]
    [InlineData("amq.match", "headers")]
    public void Standard_exchanges_are_predeclared_and_durable(string name, string type)
    {
        var exchange = VHost.FindExchange(name);
        Assert.NotNull(exchange);
        Assert.Equal(type, exchange.Type);
        Assert.True(exchange.Durable);
    }

    [Fact]
    public async Task Declare_creates_and_an_equivalent_redeclare_is_fine()
    {
        await DeclareExchange("x1", ExchangeType.Topic);
        await DeclareExchange("x1", ExchangeType.Topic);
        Assert.Equal(ExchangeType.Topic, VHost.FindExchange("x1")!.Type);
        await VHost.ExchangeDeclare(new ExchangeDeclare { Exchange = "x1", Type = "fanout", Passive = true }, Session());
    }

    [Fact]
    public async Task Passive_declare_of_a_missing_exchange_is_404()
    {
        var e = await Refused(ReplyCode.NotFound, () =>
            VHost.ExchangeDeclare(new ExchangeDeclare { Exchange = "nope", Passive = true }, Session()));
        Assert.Equal("no exchange 'nope' in vhost '/'", e.Message);
        Assert.Equal((40, 10), (e.ClassId, e.MethodId));
    }

    [Fact]
    public async Task Unknown_type_is_503()
    {
        var e = await Refused(ReplyCode.CommandInvalid, () => DeclareExchange("x2", "foo"));
        Assert.Equal("invalid exchange type 'foo'", e.Message);
    }

    [Fact]
    public async Task Redeclare_with_another_type_or_flag_is_406()
    {
        await DeclareExchange("x3", ExchangeType.Direct);
        var e = await Refused(ReplyCode.PreconditionFailed, () => DeclareExchange("x3", ExchangeType.Fanout));
        Assert.Equal("inequivalent arg 'type' for exchange 'x3' in vhost '/': received 'fanout' but current is 'direct'",
            e.Message);
        e = await Refused(ReplyCode.PreconditionFailed, () => DeclareExchange("x3", ExchangeType.Direct, autoDelete: true));
        Assert.Equal("inequivalent arg 'auto_delete' for exchange 'x3' in vhost '/': received 'true' but current is 'false'",
            e.Message);
        e = await Refused(ReplyCode.PreconditionFailed, () =>
            VHost.ExchangeDeclare(new ExchangeDeclare { Exchange = "x3", Type = "direct", Durable = true }, Session()));
        Assert.Equal("inequivalent arg 'durable' for exchange 'x3' in vhost '/': received 'true' but current is 'false'",
            e.Message);
        await Refused(ReplyCode.PreconditionFailed, () => DeclareExchange("x3", ExchangeType.Direct, @internal: true));
    }

    [Fact]
    public async Task Redeclare_with_another_alternate_exchange_is_406_but_other_arguments_are_ignored()
    {
        await DeclareExchange("x4", ExchangeType.Direct, arguments: Table(("foo", 1)));
        await DeclareExchange("x4", ExchangeType.Direct, arguments: Table(("foo", 2)));
        var e = await Refused(ReplyCode.PreconditionFailed, () =>
            DeclareExchange("x4", ExchangeType.Direct, arguments: Table(("alternate-exchange", "ae"))));
        Assert.Equal("inequivalent arg 'alternate-exchange' for exchange 'x4' in vhost '/': received the value 'ae' of "
                     + "type 'longstr' but current is none", e.Message);
    }

    [Fact]
    public async Task Alternate_exchange_of_a_wrong_type_is_406()
    {
        var e = await Refused(ReplyCode.PreconditionFailed, () =>
            DeclareExchange("x5", ExchangeType.Direct, arguments: Table(("alternate-exchange", 5))));
        Assert.Equal("invalid type 'signedint' for arg 'alternate-exchange' in exchange 'x5' in vhost '/'", e.Message);
    }

    [Fact]
    public async Task Amq_prefixed_names_are_reserved_but_standard_ones_may_be_redeclared()
    {
        var e = await Refused(ReplyCode.AccessRefused, () => DeclareExchange("amq.mine", ExchangeType.Direct));
        Assert.Equal("exchange name 'amq.mine' contains reserved prefix 'amq.*'", e.Message);
        await VHost.ExchangeDeclare(new ExchangeDeclare { Exchange = "amq.direct", Type = "direct", Durable = true }, Session());
        await Refused(ReplyCode.PreconditionFailed, () =>
            VHost.ExchangeDeclare(new ExchangeDeclare { Exchange = "amq.direct", Type = "direct" }, Session()));
        await Refused(ReplyCode.NotFound, () =>
            VHost.ExchangeDeclare(new ExchangeDeclare { Exchange = "amq.mine", Passive = true }, Session()));
    }

    [Fact]
    public async Task The_default_exchange_cannot_be_declared_or_deleted()
    {
        var e = await Refused(ReplyCode.AccessRefused, () =>
            VHost.ExchangeDeclare(new ExchangeDeclare { Exchange = "", Type = "direct", Durable = true }, Session()));
        Assert.Equal("operation not permitted on the default exchange", e.Message);
        await Refused(ReplyCode.AccessRefused, () => VHost.ExchangeDelete(new ExchangeDelete { Exchange = "" }, Session()));
    }

    [Fact]
    public async Task Standard_exchanges_cannot_be_deleted()
    {
        var e = await Refused(ReplyCode.AccessRefused, () =>
            VHost.ExchangeDelete(new ExchangeDelete { Exchange = "amq.direct" }, Session()));
        Assert.Equal("deletion of system exchange 'amq.direct' in vhost '/' not allowed", e.Message);
        Assert.NotNull(VHost.FindExchange("amq.direct"));
    }

    [Fact]
    public async Task Delete_of_a_missing_exchange_is_fine()
    {
        await VHost.ExchangeDelete(new ExchangeDelete { Exchange = "never-declared" }, Session());
    }

    [Fact]
    public async Task Delete_if_unused_refuses_an_exchange_with_bindings_as_source()
    {
        await DeclareExchange("x6", ExchangeType.Direct);
        await DeclareExchange("x7", ExchangeType.Direct);
        await DeclareQueue("q6");
        await Bind("q6", "x6", "k");
        await VHost.ExchangeBind(new ExchangeBind { Source = "x6", Destination = "x7", RoutingKey = "k" }, Session());
        var e = await Refused(ReplyCode.PreconditionFailed, () =>
            VHost.ExchangeDelete(new ExchangeDelete { Exchange = "x6", IfUnused = true }, Session()));
        Assert.Equal("exchange 'x6' in vhost '/' in use", e.Message);
        // Being a destination does not count as use.
        await VHost.ExchangeDelete(new ExchangeDelete { Exchange = "x7", IfUnused = true }, Session());
        Assert.Null(VHost.FindExchange("x7"));
        await VHost.ExchangeDelete(new ExchangeDelete { Exchange = "x6" }, Session());
        Assert.Null(VHost.FindExchange("x6"));
        Assert.Empty(Publish("x6", "k", "gone"));
    }

    [Fact]
    public async Task A_deleted_exchange_can_be_declared_again_at_once()
    {
        for (var i = 0; i < 5; i++)
        {
            await DeclareExchange("x8", i % 2 == 0 ? ExchangeType.Direct : ExchangeType.Fanout);
            await VHost.ExchangeDelete(new ExchangeDelete { Exchange = "x8" }, Session());
        }
        Assert.Null(VHost.FindExchange("x8"));
    }
}
