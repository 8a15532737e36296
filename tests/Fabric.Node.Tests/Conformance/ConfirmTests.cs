using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>confirm.select: acks (single and multiple), nacks, returns under confirms.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class ConfirmTests : ConformanceTest
{
    public ConfirmTests(BrokerFixture broker) : base(broker)
    {
    }

    [Fact]
    public async Task Tracked_publishes_are_confirmed()
    {
        var q = Queue("confirm");
        await using var ch = await NewChannelAsync(confirms: true);
        await ch.QueueDeclareAsync(q, true, false, false);
        var props = new BasicProperties { Persistent = true };
        var publishes = new List<ValueTask>();
        for (var i = 0; i < 200; i++)
        {
            publishes.Add(ch.BasicPublishAsync("", q, false, props, Utf8(i.ToString())));
        }

        foreach (var p in publishes)
        {
            await p; // throws on nack
        }

        Assert.Equal(200u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Acks_cover_every_sequence_number_possibly_with_multiple()
    {
        var q = Queue("confirm-multi");
        // confirmations on, tracking off: observe the raw basic.ack stream
        await using var ch = await Connection.CreateChannelAsync(new CreateChannelOptions(true, false));
        await ch.QueueDeclareAsync(q, false, false, false);
        var confirmed = new HashSet<ulong>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int count = 500;
        ch.BasicAcksAsync += (_, e) =>
        {
            lock (confirmed)
            {
                if (e.Multiple)
                {
                    for (ulong t = 1; t <= e.DeliveryTag; t++)
                    {
                        confirmed.Add(t);
                    }
                }
                else
                {
                    Assert.True(confirmed.Add(e.DeliveryTag), $"tag {e.DeliveryTag} acked twice");
                }

                if (confirmed.Count == count)
                {
                    all.TrySetResult();
                }
            }

            return Task.CompletedTask;
        };
        Assert.Equal(1ul, await ch.GetNextPublishSequenceNumberAsync());
        for (var i = 0; i < count; i++)
        {
            await ch.BasicPublishAsync("", q, Utf8("m"));
        }

        await all.Task.WaitAsync(Patience);
        lock (confirmed)
        {
            Assert.Equal(Enumerable.Range(1, count).Select(i => (ulong)i), confirmed.OrderBy(t => t));
        }
    }

    [Fact]
    public async Task Unroutable_publish_is_still_acked()
    {
        await using var ch = await NewChannelAsync(confirms: true);
        await ch.BasicPublishAsync("amq.direct", Unique("nobody"), Utf8("dropped but confirmed"));
    }

    [Fact]
    public async Task Mandatory_unroutable_under_confirms_is_returned_then_acked()
    {
        await using var ch = await NewChannelAsync(confirms: true);
        var returned = new TaskCompletionSource<BasicReturnEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        ch.BasicReturnAsync += (_, e) =>
        {
            returned.TrySetResult(e);
            return Task.CompletedTask;
        };
        var error = await Assert.ThrowsAsync<PublishException>(async () =>
            await ch.BasicPublishAsync("amq.direct", Unique("nobody"), mandatory: true, new BasicProperties(), Utf8("x")));
        Assert.True(error.IsReturn);
        Assert.Equal(312, (await Within(returned.Task)).ReplyCode);
    }

    [Fact]
    public async Task Reject_publish_overflow_nacks()
    {
        var q = Queue("confirm-nack");
        await using var ch = await NewChannelAsync(confirms: true);
        await ch.QueueDeclareAsync(q, false, false, false, new Dictionary<string, object?>
        {
            ["x-max-length"] = 1,
            ["x-overflow"] = "reject-publish",
        });
        await ch.BasicPublishAsync("", q, Utf8("fits"));
        var error = await Assert.ThrowsAsync<PublishException>(async () => await ch.BasicPublishAsync("", q, Utf8("nacked")));
        Assert.False(error.IsReturn);
        Assert.Equal(1u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Confirm_select_on_a_transactional_channel_is_406()
    {
        // confirm.select is sent on channel creation, so do it over a raw peer.
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        await raw.SendMethodAsync(1, 90, 10); // tx.select
        await raw.ExpectMethodAsync(90, 11);
        await raw.SendMethodAsync(1, 85, 10, new Raw.WireWriter().Bits(false)); // confirm.select
        var close = await raw.ExpectMethodAsync(20, 40); // channel.close
        Assert.Equal(406, close.CloseReason().Code);
    }

    [Fact]
    public async Task Tx_select_on_a_confirm_channel_is_406()
    {
        await using var ch = await NewChannelAsync(confirms: true);
        await ExpectCloseAsync(406, () => ch.TxSelectAsync());
    }
}
