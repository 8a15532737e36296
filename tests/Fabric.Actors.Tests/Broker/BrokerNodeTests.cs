using Fabric.Amqp.Methods;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

public sealed class BrokerNodeTests : BrokerTestBase
{
    [Fact]
    public async Task Supervision_tree_is_node_vhost_then_queues()
    {
        await DeclareQueue("tree q");
        await DeclareExchange("tree/x", "direct");
        Assert.NotNull(Sys.ResolvePath("/user/node"));
        Assert.NotNull(Sys.ResolvePath("/user/node/vhost-%2F"));
        Assert.EndsWith("/user/node/vhost-%2F/q-tree%20q", VHost.FindQueue("tree q")!.Actor.Path.ToString());
        // Exchanges are no actors: the vhost actor writes their routing snapshots itself.
        Assert.NotNull(VHost.FindExchange("tree/x"));
        Assert.NotNull(VHost.FindExchange("amq.direct"));
        Assert.Null(Sys.ResolvePath("/user/node/vhost-%2F/x-tree%2Fx"));
    }

    [Fact]
    public void Configured_vhosts_are_found_and_others_are_not()
    {
        Assert.Same(VHost, Broker.FindVirtualHost("/"));
        Assert.Null(Broker.FindVirtualHost("other"));
        Assert.NotNull(Broker.Access.Authenticate("guest", "guest"));
    }

    [Fact]
    public void Connection_ids_are_unique_across_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 1000, _ => ids.Add(Broker.NextConnectionId()));
        Assert.Equal(1000, ids.Distinct().Count());
    }

    [Fact]
    public async Task Dispose_stops_the_tree()
    {
        await DeclareQueue("stopped");
        var queue = VHost.FindQueue("stopped")!.Actor;
        Watch(queue);
        await Broker.DisposeAsync();
        ExpectTerminated(queue);
        Assert.Null(Sys.ResolvePath("/user/node"));
    }

    [Fact]
    public async Task Queue_and_exchange_names_with_any_characters_work()
    {
        var name = "ünïcode/q #1?";
        await DeclareQueue(name);
        await DeclareExchange("x " + name, "fanout");
        await Bind(name, "x " + name, "");
        Assert.Equal([name], Publish("x " + name, "", "m"));
        Assert.Equal(0u, (await VHost.QueueDeclare(new QueueDeclare { Queue = name, Passive = true }, Session())).ConsumerCount);
    }
}
