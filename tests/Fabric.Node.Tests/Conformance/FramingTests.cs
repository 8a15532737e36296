using Fabric.Node.Tests.Conformance.Raw;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>
/// Frame- and method-level protocol rules over a raw socket: which frame may appear where, no-wait, unsupported
/// method options. Codes are RabbitMQ's; where the 0-9-1 spec names another code for the same fault, both pass.
/// </summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class FramingTests : ConformanceTest
{
    public FramingTests(BrokerFixture broker) : base(broker)
    {
    }

    private async Task<RawAmqpClient> OpenWithChannelAsync()
    {
        var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        return raw;
    }

    private static async Task ExpectCloseCodeAsync(RawAmqpClient raw, params ushort[] codes)
    {
        var (code, text) = await raw.ExpectConnectionCloseAsync();
        Assert.True(Array.IndexOf(codes, code) >= 0, $"got {code} {text}, expected one of {string.Join(",", codes)}");
    }

    [Fact]
    public async Task Heartbeat_on_a_non_zero_channel_is_a_connection_error()
    {
        await using var raw = await OpenWithChannelAsync();
        await raw.SendAsync(RawFrame.Encode(RawFrame.Heartbeat, 1, ReadOnlySpan<byte>.Empty));
        await ExpectCloseCodeAsync(raw, 505, 501, 503);
    }

    [Fact]
    public async Task Content_header_on_channel_zero_is_a_connection_error()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.SendAsync(HostilePeerTests.ContentHeader(0, 3));
        await ExpectCloseCodeAsync(raw, 505, 504);
    }

    [Fact]
    public async Task Body_frame_without_publish_is_505()
    {
        await using var raw = await OpenWithChannelAsync();
        await raw.SendAsync(RawFrame.Encode(RawFrame.Body, 1, "abc"u8));
        await ExpectCloseCodeAsync(raw, 505);
    }

    [Fact]
    public async Task Non_connection_method_on_channel_zero_is_a_connection_error()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.SendMethodAsync(0, 50, 10, HostilePeerTests.QueueDeclare("", exclusive: true));
        await ExpectCloseCodeAsync(raw, 504, 503);
    }

    [Fact]
    public async Task Channel_close_on_channel_zero_is_a_connection_error()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.SendMethodAsync(0, 20, 40, new WireWriter().Short(200).ShortStr("x").Short(0).Short(0));
        await ExpectCloseCodeAsync(raw, 504, 503);
    }

    [Fact]
    public async Task Second_connection_open_is_a_connection_error()
    {
        await using var raw = await Broker.OpenRawAsync();
        await raw.SendMethodAsync(0, 10, 40, new WireWriter().ShortStr(Broker.VirtualHost).ShortStr("").Bits(false));
        await ExpectCloseCodeAsync(raw, 504, 503);
    }

    [Fact]
    public async Task Method_frame_too_short_for_its_ids_is_501()
    {
        await using var raw = await OpenWithChannelAsync();
        await raw.SendAsync(RawFrame.Encode(RawFrame.Method, 1, new byte[] { 0, 50 }));
        await ExpectCloseCodeAsync(raw, 501, 502);
    }

    [Fact]
    public async Task Channel_open_before_start_ok_ends_the_connection()
    {
        await using var raw = await Broker.ConnectRawAsync();
        await raw.SendAsync(RawAmqpClient.ProtocolHeader);
        await raw.ExpectMethodAsync(10, 10);
        await raw.SendMethodAsync(0, 20, 10, new WireWriter().ShortStr(""));
        var end = await raw.ExpectConnectionEndAsync();
        // RabbitMQ drops the socket; a 503/504/505 close explains it better.
        Assert.True(end is null || end.Value.Code is 503 or 504 or 505, $"got {end}");
    }

    [Fact]
    public async Task Qos_prefetch_size_is_not_implemented_540()
    {
        await using var raw = await OpenWithChannelAsync();
        await raw.SendMethodAsync(1, 60, 10, new WireWriter().Long(1000).Short(0).Bits(false));
        var (code, text) = await raw.ExpectConnectionCloseAsync();
        Assert.Equal(540, code);
        Assert.Contains("NOT_IMPLEMENTED", text);
    }

    [Fact]
    public async Task Publish_immediate_is_not_implemented_540()
    {
        await using var raw = await OpenWithChannelAsync();
        await raw.SendMethodAsync(1, 60, 40, new WireWriter().Short(0).ShortStr("").ShortStr("nowhere").Bits(false, true));
        await raw.SendAsync(HostilePeerTests.ContentHeader(1, 1));
        await raw.SendAsync(RawFrame.Encode(RawFrame.Body, 1, "x"u8));
        var (code, _) = await raw.ExpectConnectionCloseAsync();
        Assert.Equal(540, code);
    }

    [Fact]
    public async Task No_wait_declare_gets_no_reply()
    {
        await using var raw = await OpenWithChannelAsync();
        var q = Unique("nowait");
        // exclusive + auto-delete + no-wait, then a passive declare: only the passive one is answered
        await raw.SendMethodAsync(1, 50, 10, new WireWriter().Short(0).ShortStr(q).Bits(false, false, true, true, true).EmptyTable());
        await raw.SendMethodAsync(1, 50, 10, new WireWriter().Short(0).ShortStr(q).Bits(true, false, false, false, false).EmptyTable());
        var ok = await raw.ExpectMethodAsync(50, 11);
        Assert.Equal(q, System.Text.Encoding.UTF8.GetString(ok.Payload, 5, ok.Payload[4]));
        await Assert.ThrowsAsync<TimeoutException>(() => raw.ReadFrameAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task No_wait_bind_and_unbind_get_no_reply()
    {
        var q = Queue("nowait-bind");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var raw = await OpenWithChannelAsync();
        await raw.SendMethodAsync(1, 50, 20, new WireWriter().Short(0).ShortStr(q).ShortStr("amq.direct").ShortStr("k").Bits(true).EmptyTable());
        await raw.SendMethodAsync(1, 60, 40, HostilePeerTests.Publish("amq.direct", "k"));
        await raw.SendAsync(HostilePeerTests.ContentHeader(1, 1));
        await raw.SendAsync(RawFrame.Encode(RawFrame.Body, 1, "b"u8));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        await Assert.ThrowsAsync<TimeoutException>(() => raw.ReadFrameAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Access_request_is_answered_for_old_clients()
    {
        await using var raw = await OpenWithChannelAsync();
        await raw.SendMethodAsync(1, 30, 10, new WireWriter().ShortStr("/data").Octet(0x1F));
        await raw.ExpectMethodAsync(30, 11);
    }

    [Fact]
    public async Task Content_split_into_many_small_body_frames_is_reassembled()
    {
        var q = Queue("many-frames");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var raw = await OpenWithChannelAsync();
        var body = new byte[1000];
        new Random(7).NextBytes(body);
        await raw.SendMethodAsync(1, 60, 40, HostilePeerTests.Publish("", q));
        await raw.SendAsync(HostilePeerTests.ContentHeader(1, (ulong)body.Length));
        for (var i = 0; i < body.Length; i += 7)
        {
            await raw.SendAsync(RawFrame.Encode(RawFrame.Body, 1, body.AsSpan(i, Math.Min(7, body.Length - i))));
        }

        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        Assert.Equal(body, (await Channel.BasicGetAsync(q, true))!.Body.ToArray());
    }

    [Fact]
    public async Task Zero_size_body_needs_no_body_frame()
    {
        var q = Queue("empty-body");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var raw = await OpenWithChannelAsync();
        await raw.SendMethodAsync(1, 60, 40, HostilePeerTests.Publish("", q));
        await raw.SendAsync(HostilePeerTests.ContentHeader(1, 0));
        await raw.SendMethodAsync(1, 60, 40, HostilePeerTests.Publish("", q)); // next publish straight away
        await raw.SendAsync(HostilePeerTests.ContentHeader(1, 0));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 2));
    }

    [Fact]
    public async Task Frames_of_many_methods_in_one_write_are_all_processed()
    {
        var q = Queue("pipelined");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await using var raw = await OpenWithChannelAsync();
        var batch = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            batch.AddRange(RawFrame.EncodeMethod(1, 60, 40, HostilePeerTests.Publish("", q)));
            batch.AddRange(HostilePeerTests.ContentHeader(1, 1));
            batch.AddRange(RawFrame.Encode(RawFrame.Body, 1, new[] { (byte)i }));
        }

        await raw.SendAsync(batch.ToArray());
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 100));
        var got = new List<byte>();
        while (await Channel.BasicGetAsync(q, true) is { } r)
        {
            got.Add(r.Body.Span[0]);
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), got);
    }
}
