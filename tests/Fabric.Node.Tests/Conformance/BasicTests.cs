using Fabric.Node.Tests.Conformance.Raw;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>basic.*: qos, consume, cancel, publish/return, get, ack/nack/reject, recover.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class BasicTests : ConformanceTest
{
    public BasicTests(BrokerFixture broker) : base(broker)
    {
    }

    private async Task<string> QueueWithAsync(string hint, int messages)
    {
        var q = Queue(hint);
        await Channel.QueueDeclareAsync(q, false, false, false);
        for (var i = 0; i < messages; i++)
        {
            await Channel.BasicPublishAsync("", q, Utf8(i.ToString()));
        }

        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == (uint)messages));
        return q;
    }

    [Fact]
    public async Task No_ack_consumer_receives_everything_in_order()
    {
        var q = await QueueWithAsync("noack", 50);
        var sink = await ConsumeAsync(Channel, q, autoAck: true);
        var got = await sink.ReceiveAsync(50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString()), got.Select(d => d.Text));
        Assert.All(got, d => Assert.False(d.Redelivered));
        Assert.Equal(0u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Server_generated_consumer_tag()
    {
        var q = Queue("ctag");
        await Channel.QueueDeclareAsync(q, false, false, false);
        var tag = await Channel.BasicConsumeAsync(q, true, new DeliverySink(Channel).Consumer);
        Assert.StartsWith("amq.ctag-", tag);
    }

    [Fact]
    public async Task Prefetch_per_consumer_limits_unacked_deliveries()
    {
        var q = await QueueWithAsync("qos", 10);
        await Channel.BasicQosAsync(0, 3, global: false);
        var sink = await ConsumeAsync(Channel, q, autoAck: false);
        var first = await sink.ReceiveAsync(3);
        Assert.True(await sink.StaysQuietAsync(TimeSpan.FromMilliseconds(500)));
        await Channel.BasicAckAsync(first[^1].DeliveryTag, multiple: true);
        var next = await sink.ReceiveAsync(3);
        Assert.True(await sink.StaysQuietAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(new[] { "3", "4", "5" }, next.Select(d => d.Text));
    }

    [Fact]
    public async Task Prefetch_applies_to_each_new_consumer_separately()
    {
        var q = await QueueWithAsync("qos-each", 10);
        await Channel.BasicQosAsync(0, 2, global: false);
        var a = await ConsumeAsync(Channel, q, autoAck: false);
        var b = await ConsumeAsync(Channel, q, autoAck: false);
        await a.ReceiveAsync(2);
        await b.ReceiveAsync(2);
        Assert.True(await a.StaysQuietAsync(TimeSpan.FromMilliseconds(500)));
        Assert.True(await b.StaysQuietAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(6u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Per_consumer_prefetch_applies_to_consumers_started_after_it()
    {
        var q = await QueueWithAsync("qos-later", 10);
        await Channel.BasicQosAsync(0, 1, global: false);
        var a = await ConsumeAsync(Channel, q, autoAck: false);
        await a.ReceiveAsync();
        await Channel.BasicQosAsync(0, 3, global: false); // only for consumers from now on
        var b = await ConsumeAsync(Channel, q, autoAck: false);
        await b.ReceiveAsync(3);
        Assert.True(await a.StaysQuietAsync(TimeSpan.FromMilliseconds(500)));
        Assert.True(await b.StaysQuietAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(6u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Global_prefetch_is_shared_by_the_channels_consumers()
    {
        var q = await QueueWithAsync("qos-global", 10);
        await Channel.BasicQosAsync(0, 3, global: true);
        var a = await ConsumeAsync(Channel, q, autoAck: false);
        var b = await ConsumeAsync(Channel, q, autoAck: false);
        Assert.True(await EventuallyAsync(() => Task.FromResult(a.Pending + b.Pending == 3)));
        await Task.Delay(500); // would-be extra deliveries have time to arrive
        Assert.Equal(3, a.Pending + b.Pending);
        Assert.Equal(7u, await MessageCountAsync(q));
    }

    [Fact]
    public async Task Exclusive_consumer_refuses_a_second_consumer_403()
    {
        var q = Queue("exclusive-consumer");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await ConsumeAsync(Channel, q, autoAck: true, exclusive: true);
        await using var ch = await Connection.CreateChannelAsync();
        var reason = await ExpectCloseAsync(403, () => ch.BasicConsumeAsync(q, true, new DeliverySink(ch).Consumer));
        Assert.Contains("ACCESS_REFUSED", reason.ReplyText);
    }

    [Fact]
    public async Task Exclusive_consume_on_a_queue_with_consumers_is_403()
    {
        var q = Queue("exclusive-late");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await ConsumeAsync(Channel, q, autoAck: true);
        await using var ch = await Connection.CreateChannelAsync();
        await ExpectCloseAsync(403, () => ch.BasicConsumeAsync(q, true, "", false, true, null, new DeliverySink(ch).Consumer));
    }

    [Fact]
    public async Task Duplicate_consumer_tag_on_a_channel_is_530()
    {
        var q = Queue("dup-tag");
        await Channel.QueueDeclareAsync(q, false, false, false);
        var c = await NewConnectionAsync();
        await using var ch = await c.CreateChannelAsync();
        await ch.BasicConsumeAsync(q, true, "same-tag", new DeliverySink(ch).Consumer);
        var reason = await ExpectCloseAsync(530, () => ch.BasicConsumeAsync(q, true, "same-tag", new DeliverySink(ch).Consumer));
        Assert.Contains("NOT_ALLOWED", reason.ReplyText);
    }

    [Fact]
    public async Task Consume_from_a_missing_queue_is_404()
    {
        await ExpectCloseAsync(404, () => Channel.BasicConsumeAsync(Unique("missing"), true, new DeliverySink(Channel).Consumer));
    }

    [Fact]
    public async Task Client_cancel_stops_deliveries()
    {
        var q = Queue("cancel");
        await Channel.QueueDeclareAsync(q, false, false, false);
        var sink = new DeliverySink(Channel);
        var tag = await Channel.BasicConsumeAsync(q, true, sink.Consumer);
        await Channel.BasicPublishAsync("", q, Utf8("before"));
        Assert.Equal("before", (await sink.ReceiveAsync()).Text);
        await Channel.BasicCancelAsync(tag);
        Assert.Equal(tag, await Within(sink.Cancelled));
        await Channel.BasicPublishAsync("", q, Utf8("after"));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        Assert.True(await sink.StaysQuietAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Cancel_of_an_unknown_consumer_tag_is_answered_not_an_error()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        await raw.SendMethodAsync(1, 60, 30, new WireWriter().ShortStr("never-consumed").Bits(false));
        var ok = await raw.ExpectMethodAsync(60, 31);
        Assert.Equal("never-consumed", System.Text.Encoding.UTF8.GetString(ok.Payload, 5, ok.Payload[4]));
    }

    [Fact]
    public async Task Requeued_messages_return_to_their_original_position()
    {
        var q = await QueueWithAsync("requeue-order", 5);
        var m0 = await Channel.BasicGetAsync(q, false);
        var m1 = await Channel.BasicGetAsync(q, false);
        await Channel.BasicRejectAsync(m1!.DeliveryTag, requeue: true);
        await Channel.BasicRejectAsync(m0!.DeliveryTag, requeue: true);
        Assert.Equal(new[] { "0", "1", "2", "3", "4" }, await DrainAsync(q));
    }

    [Fact]
    public async Task Server_cancels_consumers_of_a_deleted_queue()
    {
        var q = Queue("server-cancel");
        await Channel.QueueDeclareAsync(q, false, false, false);
        var sink = new DeliverySink(Channel);
        var tag = await Channel.BasicConsumeAsync(q, true, sink.Consumer);
        await using (var other = await Connection.CreateChannelAsync())
        {
            await other.QueueDeleteAsync(q);
        }

        Assert.Equal(tag, await Within(sink.Cancelled));
        Assert.True(Channel.IsOpen);
    }

    [Fact]
    public async Task Mandatory_unroutable_is_returned_with_312_no_route()
    {
        var returned = new TaskCompletionSource<BasicReturnEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        byte[]? body = null;
        Channel.BasicReturnAsync += (_, e) =>
        {
            body = e.Body.ToArray();
            returned.TrySetResult(e);
            return Task.CompletedTask;
        };
        var props = new BasicProperties { MessageId = "returned-1" };
        await Channel.BasicPublishAsync("amq.direct", Unique("nobody"), mandatory: true, props, Utf8("lost"));
        var e = await Within(returned.Task);
        Assert.Equal(312, e.ReplyCode);
        Assert.Equal("NO_ROUTE", e.ReplyText);
        Assert.Equal("amq.direct", e.Exchange);
        Assert.Equal("returned-1", e.BasicProperties.MessageId);
        Assert.Equal("lost", System.Text.Encoding.UTF8.GetString(body!));
    }

    [Fact]
    public async Task Get_on_empty_queue_is_get_empty()
    {
        var q = Queue("get-empty");
        await Channel.QueueDeclareAsync(q, false, false, false);
        Assert.Null(await Channel.BasicGetAsync(q, autoAck: false));
    }

    [Fact]
    public async Task Get_reports_remaining_message_count()
    {
        var q = await QueueWithAsync("get", 3);
        var r = await Channel.BasicGetAsync(q, autoAck: true);
        Assert.Equal("0", Text(r));
        Assert.Equal(2u, r!.MessageCount);
        Assert.False(r.Redelivered);
    }

    [Fact]
    public async Task Get_from_missing_queue_is_404()
    {
        await ExpectCloseAsync(404, () => Channel.BasicGetAsync(Unique("missing"), true));
    }

    [Fact]
    public async Task Ack_multiple_acks_everything_up_to_the_tag()
    {
        var q = await QueueWithAsync("ack-multiple", 5);
        var sink = await ConsumeAsync(Channel, q, autoAck: false);
        var got = await sink.ReceiveAsync(5);
        await Channel.BasicAckAsync(got[2].DeliveryTag, multiple: true);
        await Channel.BasicCancelAsync(got[0].ConsumerTag);
        await Channel.CloseAsync(); // 4 and 5 were unacked: requeued
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 2));
    }

    [Fact]
    public async Task Reject_with_requeue_redelivers_with_flag()
    {
        var q = await QueueWithAsync("reject", 1);
        var first = await Channel.BasicGetAsync(q, false);
        Assert.False(first!.Redelivered);
        await Channel.BasicRejectAsync(first.DeliveryTag, requeue: true);
        var again = await Channel.BasicGetAsync(q, false);
        Assert.NotNull(again);
        Assert.True(again!.Redelivered);
        Assert.Equal("0", Text(again));
        await Channel.BasicAckAsync(again.DeliveryTag, false);
    }

    [Fact]
    public async Task Reject_without_requeue_discards()
    {
        var q = await QueueWithAsync("reject-drop", 1);
        var r = await Channel.BasicGetAsync(q, false);
        await Channel.BasicRejectAsync(r!.DeliveryTag, requeue: false);
        Assert.Null(await Channel.BasicGetAsync(q, false));
    }

    [Fact]
    public async Task Nack_multiple_with_requeue_redelivers_all_in_order()
    {
        var q = await QueueWithAsync("nack", 3);
        var tags = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            tags.Add((await Channel.BasicGetAsync(q, false))!.DeliveryTag);
        }

        await Channel.BasicNackAsync(tags[^1], multiple: true, requeue: true);
        var again = new List<BasicGetResult>();
        for (var i = 0; i < 3; i++)
        {
            again.Add((await Channel.BasicGetAsync(q, true))!);
        }

        Assert.Equal(new[] { "0", "1", "2" }, again.Select(Text));
        Assert.All(again, r => Assert.True(r.Redelivered));
    }

    [Fact]
    public async Task Nack_without_requeue_discards()
    {
        var q = await QueueWithAsync("nack-drop", 2);
        var a = await Channel.BasicGetAsync(q, false);
        var b = await Channel.BasicGetAsync(q, false);
        await Channel.BasicNackAsync(b!.DeliveryTag, multiple: true, requeue: false);
        Assert.Null(await Channel.BasicGetAsync(q, false));
        Assert.NotNull(a);
    }

    [Fact]
    public async Task Unacked_messages_return_to_the_queue_when_the_channel_closes()
    {
        var q = await QueueWithAsync("requeue-on-close", 2);
        var ch = await Connection.CreateChannelAsync();
        var sink = await ConsumeAsync(ch, q, autoAck: false);
        await sink.ReceiveAsync(2);
        await ch.CloseAsync();
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 2));
        var r = await Channel.BasicGetAsync(q, true);
        Assert.True(r!.Redelivered);
    }

    [Fact]
    public async Task Ack_of_an_unknown_delivery_tag_is_406()
    {
        await using var ch = await Connection.CreateChannelAsync();
        var shutdown = ShutdownOf(ch);
        await ch.BasicAckAsync(12345, false);
        var reason = await Within(shutdown);
        Assert.Equal(406, reason.ReplyCode);
        Assert.Contains("PRECONDITION_FAILED", reason.ReplyText);
    }

    [Fact]
    public async Task Double_ack_is_406()
    {
        var q = await QueueWithAsync("double-ack", 1);
        await using var ch = await Connection.CreateChannelAsync();
        var r = await ch.BasicGetAsync(q, false);
        var shutdown = ShutdownOf(ch);
        await ch.BasicAckAsync(r!.DeliveryTag, false);
        await ch.BasicAckAsync(r.DeliveryTag, false);
        Assert.Equal(406, (await Within(shutdown)).ReplyCode);
    }

    [Fact]
    public async Task Ack_of_an_auto_acked_delivery_is_406()
    {
        var q = await QueueWithAsync("ack-noack", 1);
        await using var ch = await Connection.CreateChannelAsync();
        var r = await ch.BasicGetAsync(q, autoAck: true);
        var shutdown = ShutdownOf(ch);
        await ch.BasicAckAsync(r!.DeliveryTag, false);
        Assert.Equal(406, (await Within(shutdown)).ReplyCode);
    }

    [Fact]
    public async Task Higher_priority_consumer_is_served_first()
    {
        var q = await QueueWithAsync("consumer-priority", 0);
        await using var lowCh = await Connection.CreateChannelAsync();
        await using var highCh = await Connection.CreateChannelAsync();
        var low = await ConsumeAsync(lowCh, q, true, arguments: new Dictionary<string, object?> { ["x-priority"] = 1 });
        var high = await ConsumeAsync(highCh, q, true, arguments: new Dictionary<string, object?> { ["x-priority"] = 10 });
        for (var i = 0; i < 10; i++)
        {
            await Channel.BasicPublishAsync("", q, Utf8(i.ToString()));
        }

        await high.ReceiveAsync(10);
        Assert.True(await low.StaysQuietAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Recover_with_requeue_redelivers_unacked_messages()
    {
        // basic.recover is not exposed by RabbitMQ.Client 7: drive it over a raw peer.
        var q = await QueueWithAsync("recover", 1);
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        await raw.SendMethodAsync(1, 60, 20, new WireWriter().Short(0).ShortStr(q).ShortStr("recover-tag")
            .Bits(false, false, false, false).EmptyTable());
        await raw.ExpectMethodAsync(60, 21);
        var first = await raw.ExpectMethodAsync(60, 60);
        Assert.False(Redelivered(first));
        await raw.SendMethodAsync(1, 60, 110, new WireWriter().Bits(true));
        // deliveries of the original message's content frames and the recover-ok may interleave
        var sawRecoverOk = false;
        var sawRedelivery = false;
        while (!(sawRecoverOk && sawRedelivery))
        {
            var frame = await raw.ReadFrameAsync(Patience) ?? throw new InvalidOperationException("socket closed");
            sawRecoverOk |= frame.Is(60, 111);
            sawRedelivery |= frame.Is(60, 60) && Redelivered(frame);
        }
    }

    /// <summary>basic.deliver: consumer-tag, delivery-tag, redelivered bit, ...</summary>
    private static bool Redelivered(RawFrame deliver)
    {
        var offset = 4 + 1 + deliver.Payload[4] + 8;
        return (deliver.Payload[offset] & 1) == 1;
    }

    [Fact]
    public async Task Delivery_tags_are_per_channel_and_increase_from_one()
    {
        var q = await QueueWithAsync("tags", 3);
        await using var ch = await Connection.CreateChannelAsync();
        var tags = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            tags.Add((await ch.BasicGetAsync(q, false))!.DeliveryTag);
        }

        Assert.Equal(new ulong[] { 1, 2, 3 }, tags);
    }
}
