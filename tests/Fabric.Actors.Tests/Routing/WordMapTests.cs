using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.Routing;

public class WordMapTests
{
    [Theory]
    [InlineData(uint.MaxValue, 5_000)] // real hashes: deep tries, rare collisions
    [InlineData(0x3u, 300)]            // 4 hash values: everything collides
    [InlineData(0x0F0F0u, 3_000)]      // equal low levels: long single-child paths, splits deep down
    public void Follows_a_dictionary_through_growth_and_shrinking(uint hashMask, int keys)
    {
        var random = new Random(1234);
        var model = new Dictionary<string, string>();
        var map = WordMap<string>.EmptyWithHashMask(hashMask);
        var snapshots = new List<(WordMap<string> Map, Dictionary<string, string> Model)>();
        for (var step = 0; step < keys * 12 / 5; step++)
        {
            // Mostly adds at first, then mostly removes (down to empty and back).
            var key = "k" + random.Next(keys);
            var add = random.NextDouble() < (step < keys * 8 / 5 ? 0.85 : 0.1);
            if (add)
            {
                var value = "v" + step;
                model[key] = value;
                map = map.SetItem(key, value);
            }
            else
            {
                model.Remove(key);
                map = map.Remove(key);
            }
            Assert.Equal(model.Count, map.Count);
            if (step % (keys / 5) == 0) snapshots.Add((map, new Dictionary<string, string>(model)));
        }
        AssertSame(model, map, keys);
        // Every earlier version still reads as it was (readers on other threads hold them).
        foreach (var (snapshot, expected) in snapshots) AssertSame(expected, snapshot, keys);
    }

    [Fact]
    public void Removing_everything_leaves_an_empty_map_that_grows_again()
    {
        var map = WordMap<string>.EmptyWithHashMask(0x1Fu);
        for (var i = 0; i < 100; i++) map = map.SetItem("w" + i, "v" + i);
        for (var i = 0; i < 100; i++) map = map.Remove("w" + i);
        Assert.Equal(0, map.Count);
        Assert.Empty(map.Entries);
        Assert.False(map.TryGetValue("w1", out _));
        Assert.Same(map, map.Remove("absent"));
        map = map.SetItem("again", "x");
        Assert.Equal("x", map.GetValueOrDefault("again".AsSpan()));
    }

    private static void AssertSame(Dictionary<string, string> model, WordMap<string> map, int keys)
    {
        Assert.Equal(model.Count, map.Count);
        foreach (var pair in model)
        {
            Assert.True(map.TryGetValue(pair.Key.AsSpan(), out var value), pair.Key);
            Assert.Equal(pair.Value, value);
        }
        for (var i = 0; i < keys; i++)
        {
            var key = "k" + i;
            Assert.Equal(model.ContainsKey(key), map.TryGetValue(key, out _));
        }
        Assert.Equal(model.OrderBy(p => p.Key, StringComparer.Ordinal),
            map.Entries.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
