using Fabric.Actors.Tests.Connections;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Xunit;
using static Fabric.Actors.Tests.Broker.CreditFlowClient;

namespace Fabric.Actors.Tests.Broker;

/// <summary>
/// Credit flow from queues to no-ack consumers over real connections (in-memory pipes): what a stalled consumer
/// cannot take stays in the queue, for other consumers, TTL, and consumers that come after it.
/// </summary>
public sealed class NoAckCreditFlowTests : BrokerTestBase
{
    private const int Size = 1024;

    [Fact]
    public async Task A_second_consumer_gets_what_a_stalled_no_ack_consumer_cannot_take()
    {
        const int count = 3000;
        await DeclareQueue("shared");
        await using var stalled = await OpenAsync(Broker);
        await using var reader = await OpenAsync(Broker);
        await using var publisher = await OpenAsync(Broker);
        await ConsumeNoAckAsync(stalled, "shared", "stalled");
        await ConsumeNoAckAsync(reader, "shared", "reader");

        var reading = ReadUntilAsync(reader, count - 1);
        await PublishAsync(publisher, "shared", 0, count, Size);
        var read = await reading;
        // Without credit the two would share the messages round-robin (1500 each).
        Assert.True(read.Count >= count - 1000, $"the reading consumer got {read.Count}");

        var all = new SortedSet<int>(read);
        while (all.Count < count) Assert.True(all.Add(await NextAsync(stalled)));
        Assert.Equal(Enumerable.Range(0, count), all);
        Assert.Equal(0u, await ReadyAsync(publisher, "shared"));
    }

    [Fact]
    public async Task Messages_kept_back_from_a_stalled_no_ack_consumer_expire()
    {
        const int count = 2000;
        await DeclareQueue("ttl");
        await using var stalled = await OpenAsync(Broker);
        await using var publisher = await OpenAsync(Broker);
        await ConsumeNoAckAsync(stalled, "ttl", "stalled");

        await PublishAsync(publisher, "ttl", 0, count, Size, expiration: "200");
        await AwaitAssertAsync(async () => Assert.Equal(0u, await ReadyAsync(publisher, "ttl")), Long);
        await PublishAsync(publisher, "ttl", count, count + 1, Size); // a marker that does not expire

        var numbers = await ReadUntilAsync(stalled, count);
        // What was in flight to the consumer arrives; the rest expired in the queue.
        Assert.InRange(numbers.Count - 1, 1, 1000);
        for (var i = 1; i < numbers.Count; i++) Assert.True(numbers[i] > numbers[i - 1]);
    }

    [Fact]
    public async Task Cancelling_a_stalled_no_ack_consumer_leaves_the_rest_for_the_next_consumer()
    {
        const int count = 2000;
        var (stalledClient, publisherClient) = await StallWithBacklogAsync("cancel", count);
        await using var stalled = stalledClient;
        await using var publisher = publisherClient;
        Assert.True(await ReadyAsync(publisher, "cancel") >= count - 1000);

        // The cancel is parsed once the client reads again; deliveries before cancel-ok are the stalled consumer's.
        await stalled.SendMethodAsync(Channel, new BasicCancel { ConsumerTag = "stalled" });
        var first = new List<int>();
        while (true)
        {
            var frame = await stalled.ReadFrameAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(frame);
            if (frame.Type != FrameType.Method) continue;
            if (frame.Method is BasicCancelOk) break;
            Assert.IsType<BasicDeliver>(frame.Method);
            await stalled.ReadFrameAsync(TimeSpan.FromSeconds(30));
            var body = await stalled.ReadFrameAsync(TimeSpan.FromSeconds(30));
            first.Add(int.Parse(System.Text.Encoding.ASCII.GetString(body!.Payload, 0, 8)));
        }

        Assert.Equal((uint)(count - first.Count), await ReadyAsync(publisher, "cancel"));
        await using var next = await OpenAsync(Broker);
        await ConsumeNoAckAsync(next, "cancel", "next");
        var rest = await ReadUntilAsync(next, count - 1);
        Assert.Equal(Enumerable.Range(0, count), first.Concat(rest));
    }

    [Fact]
    public async Task A_stalled_no_ack_consumer_whose_connection_dies_leaves_the_rest_for_the_next_consumer()
    {
        const int count = 2000;
        var (stalledClient, publisherClient) = await StallWithBacklogAsync("dies", count);
        await using var stalled = stalledClient;
        await using var publisher = publisherClient;
        var kept = await ReadyAsync(publisher, "dies");
        Assert.True(kept >= count - 1000, $"{kept} kept");

        stalled.StopReading(); // the peer vanishes: the connection ends with its in-flight deliveries
        await stalled.Server.WaitAsync(Long);
        await AwaitAssertAsync(async () => Assert.Equal(0u, await ConsumersAsync(publisher, "dies")), Long);

        await using var next = await OpenAsync(Broker);
        await ConsumeNoAckAsync(next, "dies", "next");
        var rest = await ReadUntilAsync(next, count - 1);
        Assert.Equal(Enumerable.Range(count - (int)kept, (int)kept), rest);
    }

    /// <summary>A queue with a no-ack consumer whose client does not read, and <paramref name="count"/> messages published.</summary>
    private async Task<(PipeClient Stalled, PipeClient Publisher)> StallWithBacklogAsync(string queue, int count)
    {
        await DeclareQueue(queue);
        var stalled = await OpenAsync(Broker);
        var publisher = await OpenAsync(Broker);
        await ConsumeNoAckAsync(stalled, queue, "stalled");
        await PublishAsync(publisher, queue, 0, count, Size);
        return (stalled, publisher);
    }
}
