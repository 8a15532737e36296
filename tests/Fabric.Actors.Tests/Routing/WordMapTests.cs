using Fabric.Broker.Routing;
using Xunit;

namespace Fabric.Actors.Tests.Routing;

public class WordMapTests
{
    [Fact]
    public void Follows_a_dictionary_through_growth_resharding_and_shrinking()
    {
        var random = new Random(1234);
        var model = new Dictionary<string, string>();
        var map = WordMap<string>.Empty;
        var snapshots = new List<(WordMap<string> Map, int Count)>();
        for (var step = 0; step < 12_000; step++)
        {
            // Mostly adds at first (to cross the resharding sizes), then mostly removes.
            var key = "k" + random.Next(5_000);
            var add = random.NextDouble() < (step < 8_000 ? 0.85 : 0.1);
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
            if (step % 1_000 == 0) snapshots.Add((map, map.Count));
        }
        foreach (var pair in model)
        {
            Assert.True(map.TryGetValue(pair.Key.AsSpan(), out var value));
            Assert.Equal(pair.Value, value);
        }
        for (var i = 0; i < 5_000; i++)
        {
            var key = "k" + i;
            Assert.Equal(model.ContainsKey(key), map.TryGetValue(key, out _));
        }
        Assert.Equal(model.Count, map.Entries.Count());
        foreach (var (snapshot, count) in snapshots) Assert.Equal(count, snapshot.Entries.Count());
    }
}
