using Fabric.Broker.Routing;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Routing;

public class TopicRoutingPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Topic_routes_exactly_the_queues_whose_pattern_matches()
    {
        var gen =
            from bindings in Gen.ListOf(Gen.Zip(RoutingGenerators.Pattern, RoutingGenerators.QueueName))
            from keys in Gen.ArrayOf(RoutingGenerators.Key, 5)
            select (Bindings: bindings.ToArray(), Keys: keys);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var table = RoutingTable.Empty(ExchangeType.Topic)!;
            foreach (var (pattern, queue) in input.Bindings)
                table = table.WithBinding(new Binding("x", queue, DestinationKind.Queue, pattern));
            foreach (var key in input.Keys)
            {
                var expected = new HashSet<Destination>();
                foreach (var (pattern, queue) in input.Bindings)
                {
                    if (TopicModel.Matches(pattern, key)) expected.Add(Destination.Queue(queue));
                }
                var actual = new List<Destination>();
                table.Route(key, null, actual);
                Assert.Equal(actual.Count, actual.Distinct().Count());
                Assert.True(expected.SetEquals(actual),
                    $"key '{key}': expected [{string.Join(",", expected)}] got [{string.Join(",", actual)}]");
            }
        }));
    }

    [Fact]
    public void Model_matches_the_documented_cases()
    {
        Assert.True(TopicModel.Matches("#", ""));
        Assert.True(TopicModel.Matches("a.#", "a"));
        Assert.True(TopicModel.Matches("#.a.#", "a"));
        Assert.True(TopicModel.Matches("*.#.*", "a.b"));
        Assert.False(TopicModel.Matches("*.#.*", "a"));
        Assert.True(TopicModel.Matches("a.*.b", "a..b"));
        Assert.False(TopicModel.Matches("*", ""));
        Assert.True(TopicModel.Matches("", ""));
    }

    [Theory]
    [InlineData("#", "", true)]
    [InlineData("#", "a.b.c", true)]
    [InlineData("#", "..", true)]
    [InlineData("a.#", "a", true)]
    [InlineData("a.#", "a.b.c", true)]
    [InlineData("a.#", "b", false)]
    [InlineData("#.a.#", "x.a.y", true)]
    [InlineData("#.a.#", "x.b.y", false)]
    [InlineData("*.#.*", "a", false)]
    [InlineData("*.#.*", "a.b", true)]
    [InlineData("*.#.*", "a.b.c.d", true)]
    [InlineData("a.*.b", "a..b", true)]
    [InlineData("a..b", "a..b", true)]
    [InlineData("a..b", "a.b", false)]
    [InlineData("*", "", false)]
    [InlineData("*", "a", true)]
    [InlineData("*", "a.b", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a.", "a.", true)]
    [InlineData("a.*", "a.", true)]
    [InlineData("a.*", "a", false)]
    [InlineData("#.#", "a", true)]
    [InlineData("a*", "ab", false)]
    [InlineData("a*", "a*", true)]
    public void Topic_cases(string pattern, string key, bool matches)
    {
        var table = RoutingTable.Empty(ExchangeType.Topic)!.WithBinding(new Binding("x", "q", DestinationKind.Queue, pattern));
        var output = new List<Destination>();
        table.Route(key, null, output);
        Assert.Equal(matches, output.Count == 1);
        Assert.Equal(matches, TopicModel.Matches(pattern, key));
    }

    [Fact]
    public void Many_patterns_matching_one_queue_yield_it_once()
    {
        var table = RoutingTable.Empty(ExchangeType.Topic)!;
        foreach (var pattern in new[] { "#", "a.#", "*.b", "a.b", "#.b", "#.#" })
            table = table.WithBinding(new Binding("x", "q", DestinationKind.Queue, pattern));
        var output = new List<Destination>();
        table.Route("a.b", null, output);
        Assert.Equal([Destination.Queue("q")], output);
    }

    [Fact]
    public void Ten_thousand_bindings_route_like_the_model()
    {
        // Enough distinct words to make the trie's word maps reshard more than once.
        var table = RoutingTable.Empty(ExchangeType.Topic)!;
        for (var i = 0; i < 10_000; i++)
            table = table.WithBinding(new Binding("x", "q" + i, DestinationKind.Queue, $"w{i}.*.#"));
        table = table.WithBinding(new Binding("x", "all", DestinationKind.Queue, "#"));
        Assert.Equal(10_001, table.Count);
        var output = new List<Destination>();
        table.Route("w1234.x", null, output);
        Assert.Equal(new HashSet<Destination> { Destination.Queue("q1234"), Destination.Queue("all") }, output.ToHashSet());
        for (var i = 0; i < 10_000; i += 2)
            table = table.WithoutBinding(new Binding("x", "q" + i, DestinationKind.Queue, $"w{i}.*.#"));
        Assert.Equal(5_001, table.Count);
        output.Clear();
        table.Route("w1234.x.y", null, output);
        Assert.Equal([Destination.Queue("all")], output);
        output.Clear();
        table.Route("w1235.x.y", null, output);
        Assert.Equal(2, output.Count);
    }
}
