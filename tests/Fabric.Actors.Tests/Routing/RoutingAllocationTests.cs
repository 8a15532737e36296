using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.Routing;

/// <summary>Routing on the hot path must not allocate once the caller's collections are warm.</summary>
public class RoutingAllocationTests
{
    private const int Rounds = 10_000;

    private static IRoutingTable Build(string type, params string[] keys)
    {
        var table = RoutingTable.Empty(type)!;
        for (var i = 0; i < keys.Length; i++)
            table = table.WithBinding(new Binding("x", "q" + (i % 5), DestinationKind.Queue, keys[i]));
        return table;
    }

    private static long AllocatedWhileRouting(IRoutingTable table, string[] keys, ICollection<Destination> output)
    {
        for (var i = 0; i < 100; i++) RouteAll(table, keys, output); // warm-up: JIT, collection capacity
        return SteadyStateAllocation.Measure(() =>
        {
            for (var i = 0; i < Rounds; i++) RouteAll(table, keys, output);
        }, maxRounds: 20);
    }

    private static void RouteAll(IRoutingTable table, string[] keys, ICollection<Destination> output)
    {
        foreach (var key in keys)
        {
            output.Clear();
            table.Route(key, null, output);
        }
    }

    public static TheoryData<string> Types => [ExchangeType.Direct, ExchangeType.Fanout, ExchangeType.Topic];

    [Theory]
    [MemberData(nameof(Types))]
    public void Route_allocates_nothing(string type)
    {
        var table = Build(type, "a.b.c", "a.*.c", "#", "a.#", "*.b.#", "x..y", "", "#.c", "a.b.c.d.e.f");
        string[] keys = ["a.b.c", "a.x.c", "", "x..y", "a.b.c.d.e.f", "nothing.here.at.all", "a"];
        var list = new List<Destination>();
        var set = new HashSet<Destination>();
        table.Route("a.b.c", null, list);
        Assert.NotEmpty(list); // the table does route something for these keys
        Assert.Equal(0, AllocatedWhileRouting(table, keys, list));
        Assert.Equal(0, AllocatedWhileRouting(table, keys, set));
    }

    [Fact]
    public void Graph_router_allocates_nothing()
    {
        var exchanges = new Dictionary<string, ExchangeSnapshot>
        {
            ["a"] = new(Build(ExchangeType.Fanout, "")
                .WithBinding(new Binding("a", "t", DestinationKind.Exchange, ""))),
            ["t"] = new(Build(ExchangeType.Topic, "k.#", "*.x"), alternateExchange: "ae"),
            ["ae"] = new(Build(ExchangeType.Fanout, "")),
        };
        var router = new ExchangeGraphRouter(exchanges.GetValueOrDefault);
        var context = new RoutingContext();
        for (var i = 0; i < 100; i++) router.Route("a", "k.x", null, context);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            router.Route("a", "k.x", null, context);
            router.Route("a", "zzz", null, context);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(["q0"], router.Route("a", "zzz", null, context));
    }
}
