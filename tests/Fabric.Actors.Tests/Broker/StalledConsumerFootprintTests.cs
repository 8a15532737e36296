using Xunit;
using Xunit.Abstractions;
using static Fabric.Actors.Tests.Broker.CreditFlowClient;

namespace Fabric.Actors.Tests.Broker;

/// <summary>
/// A no-ack consumer whose client stops reading: the queue hands it only its credit, the backlog stays in the queue
/// under x-max-length, and the broker's heap does not grow with what is published.
/// </summary>
[Collection(FootprintCollection.Name)]
public sealed class StalledConsumerFootprintTests(ITestOutputHelper output) : BrokerTestBase
{
    [Fact]
    public async Task The_backlog_of_a_stalled_no_ack_consumer_stays_in_the_queue_under_its_max_length()
    {
        const int count = 20_000, size = 4096, maxLength = 1000;
        await DeclareQueue("stalled", arguments: Table(("x-max-length", maxLength)));
        await using var consumer = await OpenAsync(Broker);
        await using var publisher = await OpenAsync(Broker);
        await ConsumeNoAckAsync(consumer, "stalled", "c");

        var before = GC.GetTotalMemory(forceFullCollection: true);
        await PublishAsync(publisher, "stalled", 0, count, size);
        var ready = await ReadyAsync(publisher, "stalled");
        var after = GC.GetTotalMemory(forceFullCollection: true);

        // 80 MB were published; the queue holds 4 MB, the consumer's connection its credit (400 × 4 KB) at most.
        output.WriteLine($"heap grew {(after - before) / 1024} KB; {ready} ready");
        Assert.Equal((uint)maxLength, ready);
        Assert.True(after - before < 24 * 1024 * 1024, $"the heap grew {(after - before) / 1024} KB");

        // The client reads again: what was in flight, then the queue's 1000 kept (the newest) messages.
        var numbers = await ReadUntilAsync(consumer, count - 1);
        output.WriteLine($"{numbers.Count} delivered");
        Assert.InRange(numbers.Count, maxLength + 1, maxLength + 1000);
        for (var i = 1; i < numbers.Count; i++) Assert.True(numbers[i] > numbers[i - 1]);
        for (var i = 0; i < maxLength; i++) Assert.Equal(count - maxLength + i, numbers[numbers.Count - maxLength + i]);
        Assert.Equal(0u, await ReadyAsync(publisher, "stalled"));
    }
}
