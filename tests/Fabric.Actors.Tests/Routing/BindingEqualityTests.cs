using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.Routing;

public class BindingEqualityTests
{
    [Fact]
    public void Equal_by_content_of_arguments()
    {
        var a = new Binding("x", "q", DestinationKind.Queue, "k",
            new Dictionary<string, object?> { ["a"] = 1, ["b"] = new byte[] { 1, 2 } });
        var b = new Binding("x", "q", DestinationKind.Queue, "k",
            new Dictionary<string, object?> { ["b"] = new byte[] { 1, 2 }, ["a"] = 1L });
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void No_arguments_equals_empty_arguments()
    {
        Assert.Equal(new Binding("x", "q", DestinationKind.Queue, "k"),
            new Binding("x", "q", DestinationKind.Queue, "k", new Dictionary<string, object?>()));
    }

    [Theory]
    [InlineData("y", "q", DestinationKind.Queue, "k")]
    [InlineData("x", "r", DestinationKind.Queue, "k")]
    [InlineData("x", "q", DestinationKind.Exchange, "k")]
    [InlineData("x", "q", DestinationKind.Queue, "K")]
    public void Differs_in_any_part(string source, string destination, DestinationKind kind, string key)
    {
        Assert.NotEqual(new Binding("x", "q", DestinationKind.Queue, "k"), new Binding(source, destination, kind, key));
    }

    [Fact]
    public void Differs_in_argument_values()
    {
        Assert.NotEqual(
            new Binding("x", "q", DestinationKind.Queue, "k", new Dictionary<string, object?> { ["a"] = 1 }),
            new Binding("x", "q", DestinationKind.Queue, "k", new Dictionary<string, object?> { ["a"] = 2 }));
    }

    [Fact]
    public void Unknown_exchange_type_has_no_table()
    {
        Assert.Null(RoutingTable.Empty("x-consistent-hash"));
        foreach (var type in new[] { ExchangeType.Direct, ExchangeType.Fanout, ExchangeType.Topic, ExchangeType.Headers })
            Assert.Equal(type, RoutingTable.Empty(type)!.ExchangeType);
    }

    [Fact]
    public void Without_destination_drops_all_its_bindings()
    {
        var table = RoutingTable.Empty(ExchangeType.Direct)!
            .WithBinding(new Binding("x", "q", DestinationKind.Queue, "a"))
            .WithBinding(new Binding("x", "q", DestinationKind.Queue, "b"))
            .WithBinding(new Binding("x", "r", DestinationKind.Queue, "a"))
            .WithBinding(new Binding("x", "q", DestinationKind.Exchange, "a"));
        var after = table.WithoutDestination(Destination.Queue("q"));
        Assert.Equal(2, after.Count);
        var output = new List<Destination>();
        after.Route("a", null, output);
        Assert.Equal(new HashSet<Destination> { Destination.Queue("r"), Destination.Exchange("q") }, output.ToHashSet());
    }
}
