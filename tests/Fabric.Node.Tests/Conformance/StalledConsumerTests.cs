using System.Text;
using Fabric.Node.Tests.Conformance.Raw;
using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>
/// A no-ack consumer whose client stops reading its socket: the broker hands it only a bounded number of messages
/// (credit flow), so the backlog stays in the queue, where x-max-length applies, and comes when the client reads again.
/// </summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class StalledConsumerTests : ConformanceTest
{
    public StalledConsumerTests(BrokerFixture broker) : base(broker)
    {
    }

    [Fact]
    public async Task The_backlog_of_a_no_ack_consumer_that_does_not_read_stays_in_the_queue_under_max_length()
    {
        const int count = 20_000, maxLength = 1000;
        var q = Queue("stalled");
        await Channel.QueueDeclareAsync(q, false, false, false, new Dictionary<string, object?> { ["x-max-length"] = maxLength });
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        await raw.SendMethodAsync(1, 60, 20, new WireWriter().Short(0).ShortStr(q).ShortStr("stalled")
            .Bits(false, true, false, false).EmptyTable());
        await raw.ExpectMethodAsync(60, 21);

        for (var i = 0; i < count; i++)
        {
            var body = new byte[4096];
            Encoding.ASCII.GetBytes(i.ToString("D8"), body);
            await Channel.BasicPublishAsync("", q, body);
        }

        // A synchronous method on the publishing channel: the publishes before it are queued.
        Assert.Equal((uint)maxLength, (await Channel.QueueDeclarePassiveAsync(q)).MessageCount);

        var numbers = new List<int>();
        while (numbers.Count == 0 || numbers[^1] != count - 1)
        {
            var frame = await raw.ReadFrameAsync(Patience) ?? throw new InvalidOperationException("socket closed");
            if (frame.Type == RawFrame.Body)
            {
                numbers.Add(int.Parse(Encoding.ASCII.GetString(frame.Payload, 0, 8)));
            }
        }

        // What the broker had handed over before the client stalled, then the newest 1000 the queue kept.
        Assert.True(numbers.Count < count - maxLength, $"{numbers.Count} delivered");
        for (var i = 1; i < numbers.Count; i++)
        {
            Assert.True(numbers[i] > numbers[i - 1]);
        }

        Assert.Equal(Enumerable.Range(count - maxLength, maxLength), numbers[^maxLength..]);
        Assert.Equal(0u, await MessageCountAsync(q));
    }
}
