using Fabric.Actors.Tests.Persistence;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

public sealed class TopologyRecoveryTests
{
    private static readonly RoutingContext Routing = new();

    private static FieldTable Table(string key, object value) => FieldTable.CreateBuilder().Add(key, value).Build();

    [Fact]
    public async Task Durable_exchanges_queues_and_bindings_survive_a_restart_and_transient_ones_do_not()
    {
        using var file = new TempDatabaseFile();
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            await node.DeclareExchange("orders", ExchangeType.Topic, durable: true, Table("alternate-exchange", "amq.fanout"));
            await node.DeclareExchange("scratch", ExchangeType.Direct, durable: false);
            await node.DeclareQueue("q.durable", durable: true, Table("x-max-length", 5));
            await node.DeclareQueue("q.transient", durable: false);
            await node.Bind("q.durable", "orders", "eu.*");
            await node.Bind("q.durable", "amq.direct", "rk");
            await node.Bind("q.transient", "orders", "us.*");
            await node.Bind("q.durable", "scratch", "s");
        }

        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            var orders = node.VHost.FindExchange("orders");
            Assert.NotNull(orders);
            Assert.True(orders.Durable);
            Assert.Equal(ExchangeType.Topic, orders.Type);
            Assert.Equal("amq.fanout", orders.Snapshot.AlternateExchange);
            Assert.Null(node.VHost.FindExchange("scratch"));
            var queue = node.VHost.FindQueue("q.durable");
            Assert.NotNull(queue);
            Assert.True(queue.Durable);
            Assert.True(queue.Arguments.ContainsKey("x-max-length"));
            Assert.Null(node.VHost.FindQueue("q.transient"));
            Assert.Equal(["q.durable"], node.VHost.Route("orders", "eu.de", null, Routing));
            Assert.Equal(["q.durable"], node.VHost.Route("amq.direct", "rk", null, Routing));
            Assert.Empty(node.VHost.Route("orders", "us.ny", null, Routing)); // unroutable: alternate has no bindings

            // Declaring again with the same arguments is equivalent: the restored queue kept them.
            await node.DeclareQueue("q.durable", durable: true, Table("x-max-length", 5));
        }
    }

    [Fact]
    public async Task Deleted_and_unbound_durable_entities_stay_gone_after_a_restart()
    {
        using var file = new TempDatabaseFile();
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            await node.DeclareExchange("gone", ExchangeType.Fanout, durable: true);
            await node.DeclareExchange("kept", ExchangeType.Direct, durable: true);
            await node.DeclareQueue("q.gone", durable: true);
            await node.DeclareQueue("q.kept", durable: true);
            await node.Bind("q.kept", "gone", "");
            await node.Bind("q.kept", "kept", "a");
            await node.Bind("q.kept", "kept", "b");
            await node.Bind("q.gone", "kept", "c");
            await node.VHost.ExchangeDelete(new ExchangeDelete { Exchange = "gone" }, node.Session());
            await node.VHost.QueueDelete(new QueueDelete { Queue = "q.gone" }, node.Session());
            await node.VHost.QueueUnbind(new QueueUnbind { Queue = "q.kept", Exchange = "kept", RoutingKey = "b" },
                node.Session());
        }

        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            Assert.Null(node.VHost.FindExchange("gone"));
            Assert.Null(node.VHost.FindQueue("q.gone"));
            Assert.NotNull(node.VHost.FindQueue("q.kept"));
            Assert.Equal(["q.kept"], node.VHost.Route("kept", "a", null, Routing));
            Assert.Empty(node.VHost.Route("kept", "b", null, Routing));
            Assert.Empty(node.VHost.Route("kept", "c", null, Routing));
        }
    }
}
