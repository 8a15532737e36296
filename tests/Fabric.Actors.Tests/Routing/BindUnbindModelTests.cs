using Fabric.Broker.Routing;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Routing;

/// <summary>Random bind/unbind sequences against a plain list of bindings as the model.</summary>
public class BindUnbindModelTests
{
    private sealed record Op(bool Bind, string Pattern, string Queue, bool Exchange, int Flavour);

    private static readonly Gen<Op> OpGen =
        from bind in Gen.Frequency((3, Gen.Constant(true)), (2, Gen.Constant(false)))
        from pattern in RoutingGenerators.Pattern
        from queue in RoutingGenerators.QueueName
        from exchange in Gen.Elements(false, false, true)
        from flavour in Gen.Choose(0, 2)
        select new Op(bind, pattern, queue, exchange, flavour);

    [Theory]
    [InlineData(ExchangeType.Direct)]
    [InlineData(ExchangeType.Fanout)]
    [InlineData(ExchangeType.Topic)]
    [InlineData(ExchangeType.Headers)]
    public void Snapshots_follow_the_model(string type)
    {
        var gen = Gen.Zip(Gen.ListOf(OpGen), Gen.ArrayOf(RoutingGenerators.Key, 4));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (ops, keys) = input;
            var table = RoutingTable.Empty(type)!;
            var model = new List<Binding>();
            var history = new List<IRoutingTable>();
            foreach (var op in ops)
            {
                var binding = Make(op);
                var before = table;
                history.Add(before);
                var beforeCount = before.Count;
                if (op.Bind)
                {
                    table = table.WithBinding(binding);
                    if (model.Contains(binding)) Assert.Same(before, table);
                    else model.Add(binding);
                }
                else
                {
                    table = table.WithoutBinding(binding);
                    if (!model.Remove(binding)) Assert.Same(before, table);
                }
                Assert.Equal(beforeCount, before.Count); // snapshots never change
                Assert.Equal(model.Count, table.Count);
                Assert.True(model.ToHashSet().SetEquals(table.Bindings));
                foreach (var b in model) Assert.True(table.Contains(b));
                foreach (var key in keys)
                {
                    var actual = new List<Destination>();
                    table.Route(key, null, actual);
                    Assert.True(ModelRoute(type, model, key).SetEquals(actual));
                    Assert.Equal(actual.Count, actual.Distinct().Count());
                }
            }
        }));
    }

    // Flavours vary the arguments so that bindings equal in everything but arguments are distinct.
    private static Binding Make(Op op)
    {
        IReadOnlyDictionary<string, object?>? args = op.Flavour switch
        {
            0 => null,
            1 => new Dictionary<string, object?> { ["x-match"] = "any" },
            _ => new Dictionary<string, object?> { ["x-flavour"] = 2L },
        };
        return new Binding("x", op.Queue, op.Exchange ? DestinationKind.Exchange : DestinationKind.Queue, op.Pattern, args);
    }

    private static HashSet<Destination> ModelRoute(string type, List<Binding> model, string key)
    {
        var result = new HashSet<Destination>();
        foreach (var b in model)
        {
            var hit = type switch
            {
                ExchangeType.Direct => b.RoutingKey == key,
                ExchangeType.Fanout => true,
                ExchangeType.Topic => TopicModel.Matches(b.RoutingKey, key),
                // No headers: "all" over no non-x arguments matches, "any" does not.
                _ => !(b.Arguments.TryGetValue("x-match", out var m) && (string?)m == "any"),
            };
            if (hit) result.Add(b.Destination);
        }
        return result;
    }
}
