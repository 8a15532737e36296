using Fabric.Broker.Messages;
using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

public class DeadLetterHeadersTests
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(1);

    private static IReadOnlyDictionary<string, object?> Entry(Dictionary<string, object?> headers, int index) =>
        (IReadOnlyDictionary<string, object?>)((object?[])headers["x-death"]!)[index]!;

    /// <summary>What the DLX would route: the same message with the new headers, as the dead-letter copy.</summary>
    private static Message Republish(Message m, Dictionary<string, object?> headers, string exchange, string routingKey) =>
        new(exchange, routingKey, m.Properties, m.Body, m.Persistent, m.Priority, null, headers);

    [Fact]
    public void First_death_creates_the_entry_and_the_first_and_last_death_headers()
    {
        var message = Q.Msg("m", expirationMs: 60000, exchange: "orders", routingKey: "new",
            headers: new Dictionary<string, object?> { ["app"] = "x", ["CC"] = new object?[] { "copy" } });
        var h = DeadLetterHeaders.Build(message, "work", DeadLetterReason.Expired, T1);

        Assert.Equal("x", h["app"]);
        var death = Entry(h, 0);
        Assert.Equal(1L, death["count"]);
        Assert.Equal("expired", death["reason"]);
        Assert.Equal("work", death["queue"]);
        Assert.Equal("orders", death["exchange"]);
        Assert.Equal(new object?[] { "new", "copy" }, (object?[])death["routing-keys"]!);
        Assert.Equal("60000", death["original-expiration"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(T1.ToUnixTimeSeconds()), death["time"]);
        Assert.Equal("expired", h["x-first-death-reason"]);
        Assert.Equal("work", h["x-first-death-queue"]);
        Assert.Equal("orders", h["x-first-death-exchange"]);
        Assert.Equal("expired", h["x-last-death-reason"]);
        Assert.Equal("work", h["x-last-death-queue"]);
        Assert.Equal("orders", h["x-last-death-exchange"]);
        Assert.True(h.ContainsKey("CC"));
    }

    [Fact]
    public void Two_cycles_count_per_queue_and_reason_with_the_latest_first()
    {
        // work --(rejected)--> dlx --> retry --(expired)--> back to work, twice.
        var m = Q.Msg("m", exchange: "app", routingKey: "job");
        var h1 = DeadLetterHeaders.Build(m, "work", DeadLetterReason.Rejected, T1);
        var m1 = Republish(m, h1, "dlx", "job");
        var h2 = DeadLetterHeaders.Build(m1, "retry", DeadLetterReason.Expired, T1);
        var m2 = Republish(m1, h2, "app", "job");
        var h3 = DeadLetterHeaders.Build(m2, "work", DeadLetterReason.Rejected, T2);
        var m3 = Republish(m2, h3, "dlx", "job");
        var h4 = DeadLetterHeaders.Build(m3, "retry", DeadLetterReason.Expired, T2);

        var deaths = (object?[])h4["x-death"]!;
        Assert.Equal(2, deaths.Length);
        var latest = Entry(h4, 0);
        Assert.Equal("retry", latest["queue"]);
        Assert.Equal("expired", latest["reason"]);
        Assert.Equal(2L, latest["count"]);
        var older = Entry(h4, 1);
        Assert.Equal("work", older["queue"]);
        Assert.Equal("rejected", older["reason"]);
        Assert.Equal(2L, older["count"]);
        // The entry keeps its first occurrence's details; only the count moves.
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(T1.ToUnixTimeSeconds()), older["time"]);

        Assert.Equal("rejected", h4["x-first-death-reason"]);
        Assert.Equal("work", h4["x-first-death-queue"]);
        Assert.Equal("app", h4["x-first-death-exchange"]);
        Assert.Equal("expired", h4["x-last-death-reason"]);
        Assert.Equal("retry", h4["x-last-death-queue"]);
        Assert.Equal("dlx", h4["x-last-death-exchange"]);

        Assert.Equal("work", Entry(h3, 0)["queue"]);
        Assert.Equal("retry", Entry(h3, 1)["queue"]);
    }

    [Fact]
    public void Same_queue_different_reason_is_a_separate_entry()
    {
        var m = Q.Msg("m");
        var h1 = DeadLetterHeaders.Build(m, "q", DeadLetterReason.Rejected, T1);
        var h2 = DeadLetterHeaders.Build(Republish(m, h1, "ex", "rk"), "q", DeadLetterReason.MaxLen, T1);
        Assert.Equal(2, ((object?[])h2["x-death"]!).Length);
        Assert.Equal("maxlen", Entry(h2, 0)["reason"]);
        Assert.Equal(1L, Entry(h2, 0)["count"]);
        Assert.False(Entry(h2, 0).ContainsKey("original-expiration"));
    }

    [Fact]
    public void Routing_key_override_drops_cc_and_replaces_the_keys()
    {
        var m = Q.Msg("m", routingKey: "orig",
            headers: new Dictionary<string, object?> { ["CC"] = new object?[] { "c1" }, ["BCC"] = new object?[] { "b1" } });
        Assert.Equal(["orig", "c1", "b1"], DeadLetterHeaders.DeadLetterRoutingKeys(m, null));
        Assert.Equal(["dead"], DeadLetterHeaders.DeadLetterRoutingKeys(m, "dead"));
        var h = DeadLetterHeaders.Build(m, "q", DeadLetterReason.Rejected, T1, deadLetterRoutingKey: "dead");
        Assert.False(h.ContainsKey("CC"));
        // x-death records CC keys but not BCC ones.
        Assert.Equal(new object?[] { "orig", "c1" }, (object?[])Entry(h, 0)["routing-keys"]!);
    }

    [Fact]
    public void Mangled_x_death_is_reset()
    {
        var m = Q.Msg("m", headers: new Dictionary<string, object?> { ["x-death"] = "garbage" });
        var h = DeadLetterHeaders.Build(m, "q", DeadLetterReason.Rejected, T1);
        Assert.Single((object?[])h["x-death"]!);
        Assert.Equal(1L, Entry(h, 0)["count"]);
    }

    [Fact]
    public void Existing_entries_with_byte_strings_and_other_integer_types_are_matched()
    {
        var old = new Dictionary<string, object?>
        {
            ["count"] = 4, ["reason"] = "rejected"u8.ToArray(), ["queue"] = "q"u8.ToArray(),
        };
        var m = Q.Msg("m", headers: new Dictionary<string, object?> { ["x-death"] = new List<object?> { old } });
        var h = DeadLetterHeaders.Build(m, "q", DeadLetterReason.Rejected, T1);
        Assert.Single((object?[])h["x-death"]!);
        Assert.Equal(5L, Entry(h, 0)["count"]);
        Assert.False(h.ContainsKey("x-first-death-queue")); // not the first death
    }

    [Fact]
    public void Automatic_cycles_are_detected_but_not_ones_with_a_rejection()
    {
        var m = Q.Msg("m");
        var expiredInA = DeadLetterHeaders.Build(m, "a", DeadLetterReason.Expired, T1);
        var thenB = DeadLetterHeaders.Build(Republish(m, expiredInA, "x", "rk"), "b", DeadLetterReason.Expired, T1);
        Assert.True(DeadLetterHeaders.IsDeathCycle(thenB, "a"));
        Assert.False(DeadLetterHeaders.IsDeathCycle(thenB, "c"));
        Assert.False(DeadLetterHeaders.IsDeathCycle(null, "a"));

        var rejectedInB = DeadLetterHeaders.Build(Republish(m, expiredInA, "x", "rk"), "b", DeadLetterReason.Rejected, T1);
        Assert.False(DeadLetterHeaders.IsDeathCycle(rejectedInB, "a"));
    }
}
