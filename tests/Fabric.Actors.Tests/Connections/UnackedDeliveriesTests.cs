using Fabric.Broker.Connections;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

/// <summary>A channel's unacked deliveries against a sorted dictionary as the model: deliveries with gaps in their
/// tags (no-ack deliveries take tags too), single acks in any order, multiple acks, clears.</summary>
public class UnackedDeliveriesTests
{
    [Fact]
    public void Behaves_like_a_map_ordered_by_tag()
    {
        var op = Gen.Choose(0, 9).Zip(Gen.Choose(0, 40));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Gen.ListOf(op).ToArbitrary(), ops =>
        {
            var unacked = new UnackedDeliveries();
            var model = new SortedDictionary<ulong, UnackedDelivery>();
            var removed = new List<UnackedDelivery>();
            ulong lastTag = 0;
            foreach (var (kind, n) in ops)
            {
                switch (kind)
                {
                    case <= 4: // deliver n, every third tag going to a no-ack consumer (a gap)
                        for (var i = 0; i < n; i++)
                        {
                            var tag = ++lastTag;
                            if (tag % 3 == 0) continue;
                            var queue = tag % 2 == 0 ? "a" : "b";
                            unacked.Add(tag, queue, (long)tag * 10);
                            model.Add(tag, new UnackedDelivery(queue, (long)tag * 10));
                        }
                        break;
                    case <= 7: // ack one tag, maybe unknown or already acked
                    {
                        var tag = lastTag == 0 ? 1 : (ulong)n % (lastTag + 2);
                        var found = unacked.TryRemove(tag, out var delivery);
                        Assert.Equal(model.Remove(tag, out var expected), found);
                        if (found) Assert.Equal(expected, delivery);
                        break;
                    }
                    case 8: // multiple up to a tag
                    {
                        var upTo = lastTag == 0 ? 0 : (ulong)n % (lastTag + 1);
                        removed.Clear();
                        var count = unacked.RemoveUpTo(upTo, removed);
                        var expected = new List<UnackedDelivery>();
                        foreach (var pair in model)
                        {
                            if (pair.Key <= upTo) expected.Add(pair.Value);
                        }
                        foreach (var pair in expected) model.Remove((ulong)pair.MessageId / 10);
                        Assert.Equal(expected.Count, count);
                        Assert.Equal(expected, removed);
                        break;
                    }
                    default:
                        if (n % 4 == 0)
                        {
                            unacked.Clear();
                            model.Clear();
                        }
                        break;
                }
                Assert.Equal(model.Count, unacked.Count);
            }
            // Everything left comes out in tag order.
            removed.Clear();
            unacked.RemoveUpTo(ulong.MaxValue, removed);
            Assert.Equal(model.Values, removed);
            Assert.Equal(0, unacked.Count);
        }));
    }

    [Fact]
    public void A_delivery_held_forever_does_not_make_the_log_grow_with_the_acks_after_it()
    {
        var unacked = new UnackedDeliveries();
        unacked.Add(1, "q", 1);
        for (ulong tag = 2; tag < 100_000; tag++)
        {
            unacked.Add(tag, "q", (long)tag);
            Assert.True(unacked.TryRemove(tag, out _));
        }

        Assert.Equal(1, unacked.Count);
        Assert.True(unacked.Capacity <= 16, $"capacity {unacked.Capacity}");
        Assert.True(unacked.TryRemove(1, out var first));
        Assert.Equal(1, first.MessageId);
        var allocated = SteadyStateAllocation.Measure(() =>
        {
            unacked.Add(200_000, "q", 1);
            unacked.Add(200_001, "q", 2);
            unacked.TryRemove(200_001, out _);
            unacked.TryRemove(200_000, out _);
        });
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Trimming_after_a_burst_keeps_what_is_unacked_in_order()
    {
        var unacked = new UnackedDeliveries();
        for (ulong tag = 1; tag <= 10_000; tag++) unacked.Add(tag, "q", (long)tag);
        var removed = new List<UnackedDelivery>();
        unacked.RemoveUpTo(9_990, removed);
        Assert.True(unacked.TryRemove(9_995, out _));
        var grown = unacked.Capacity;

        unacked.TrimExcess();

        Assert.True(unacked.Capacity < grown / 4, $"{grown} -> {unacked.Capacity}");
        removed.Clear();
        unacked.RemoveUpTo(ulong.MaxValue, removed);
        Assert.Equal([9_991L, 9_992, 9_993, 9_994, 9_996, 9_997, 9_998, 9_999, 10_000], removed.Select(d => d.MessageId));
        unacked.TrimExcess();
        unacked.Add(10_001, "q", 1);
        Assert.Equal(1, unacked.Count);
    }
}
