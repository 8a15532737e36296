using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.Routing;

public class ExchangeGraphRouterTests
{
    private readonly Dictionary<string, ExchangeSnapshot> _exchanges = new();
    private readonly RoutingContext _context = new();

    private void Declare(string name, string type, string? alternate = null) =>
        _exchanges[name] = new ExchangeSnapshot(RoutingTable.Empty(type)!, alternate);

    private void Bind(string source, string destination, DestinationKind kind, string key = "")
    {
        var old = _exchanges[source];
        _exchanges[source] = new ExchangeSnapshot(
            old.Table.WithBinding(new Binding(source, destination, kind, key)), old.AlternateExchange);
    }

    private HashSet<string> Route(string exchange, string key)
    {
        var router = new ExchangeGraphRouter(name => _exchanges.GetValueOrDefault(name));
        var queues = router.Route(exchange, key, null, _context);
        Assert.Equal(queues.Count, queues.Distinct().Count());
        return queues.ToHashSet();
    }

    [Fact]
    public void Follows_exchange_to_exchange_bindings_and_deduplicates_queues()
    {
        Declare("a", ExchangeType.Fanout);
        Declare("b", ExchangeType.Topic);
        Declare("c", ExchangeType.Direct);
        Bind("a", "b", DestinationKind.Exchange);
        Bind("a", "c", DestinationKind.Exchange);
        Bind("a", "q1", DestinationKind.Queue);
        Bind("b", "q1", DestinationKind.Queue, "k.#");
        Bind("b", "q2", DestinationKind.Queue, "k.*");
        Bind("c", "q2", DestinationKind.Queue, "k.x");
        Bind("c", "q3", DestinationKind.Queue, "other");
        Assert.Equal(["q1", "q2"], Route("a", "k.x"));
        Assert.Equal(["q1"], Route("a", "k"));
    }

    [Fact]
    public void Cycles_terminate_and_still_reach_every_queue()
    {
        Declare("a", ExchangeType.Fanout);
        Declare("b", ExchangeType.Fanout);
        Declare("c", ExchangeType.Fanout);
        Bind("a", "b", DestinationKind.Exchange);
        Bind("b", "c", DestinationKind.Exchange);
        Bind("c", "a", DestinationKind.Exchange);
        Bind("b", "b", DestinationKind.Exchange);
        Bind("c", "qc", DestinationKind.Queue);
        Bind("a", "qa", DestinationKind.Queue);
        Assert.Equal(["qa", "qc"], Route("b", "any"));
    }

    [Fact]
    public void Alternate_exchange_takes_what_routes_nowhere()
    {
        Declare("main", ExchangeType.Direct, alternate: "ae");
        Declare("ae", ExchangeType.Fanout);
        Bind("main", "q", DestinationKind.Queue, "known");
        Bind("ae", "unrouted", DestinationKind.Queue);
        Assert.Equal(["q"], Route("main", "known"));
        Assert.Equal(["unrouted"], Route("main", "unknown"));
    }

    [Fact]
    public void Alternate_is_not_used_when_routing_reaches_only_exchanges_that_route_nowhere()
    {
        // RabbitMQ: the alternate of an exchange applies when that exchange itself routes to nothing.
        Declare("main", ExchangeType.Fanout, alternate: "ae");
        Declare("inner", ExchangeType.Direct, alternate: "inner-ae");
        Declare("ae", ExchangeType.Fanout);
        Declare("inner-ae", ExchangeType.Fanout);
        Bind("main", "inner", DestinationKind.Exchange);
        Bind("ae", "from-main-ae", DestinationKind.Queue);
        Bind("inner-ae", "from-inner-ae", DestinationKind.Queue);
        Assert.Equal(["from-inner-ae"], Route("main", "k"));
    }

    [Fact]
    public void Alternate_cycles_and_missing_exchanges_are_harmless()
    {
        Declare("a", ExchangeType.Direct, alternate: "b");
        Declare("b", ExchangeType.Direct, alternate: "a");
        Declare("c", ExchangeType.Fanout, alternate: "missing");
        Bind("c", "ghost", DestinationKind.Exchange);
        Assert.Empty(Route("a", "k"));
        Assert.Empty(Route("c", "k"));
        Assert.Empty(Route("nope", "k"));
    }

    [Fact]
    public void Context_is_reset_between_routes()
    {
        Declare("x", ExchangeType.Direct);
        Bind("x", "q1", DestinationKind.Queue, "1");
        Bind("x", "q2", DestinationKind.Queue, "2");
        Assert.Equal(["q1"], Route("x", "1"));
        Assert.Equal(["q2"], Route("x", "2"));
    }
}
