using System.Text;
using Fabric.Node.Tests.Conformance.Raw;
using RabbitMQ.Client;
using Xunit;

namespace Fabric.Node.Tests.Conformance;

/// <summary>Content of any size split at frame-max; properties and field tables round-trip exactly.</summary>
[Trait("Category", "Conformance")]
[Collection("broker")]
public sealed class ContentTests : ConformanceTest
{
    public ContentTests(BrokerFixture broker) : base(broker)
    {
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(1, 0u)]
    [InlineData(4088, 4096u)] // exactly one body frame at frame-max 4096
    [InlineData(4089, 4096u)] // one byte into a second frame
    [InlineData(100_000, 4096u)]
    [InlineData(131_064, 0u)]
    [InlineData(131_065, 0u)]
    [InlineData(5 * 1024 * 1024 + 3, 0u)]
    public async Task Body_of_any_size_round_trips(int size, uint frameMax)
    {
        var factory = Broker.Factory();
        if (frameMax != 0)
        {
            factory.RequestedFrameMax = frameMax;
        }

        var c = await NewConnectionAsync(factory);
        await using var ch = await c.CreateChannelAsync();
        var q = Queue("size");
        await ch.QueueDeclareAsync(q, false, false, false);
        var body = new byte[size];
        new Random(size).NextBytes(body);
        await ch.BasicPublishAsync("", q, body);
        var sink = await ConsumeAsync(ch, q, autoAck: true);
        var got = await sink.ReceiveAsync();
        Assert.Equal(size, got.Body.Length);
        Assert.True(body.AsSpan().SequenceEqual(got.Body), "body differs");
    }

    [Fact]
    public async Task Every_basic_property_round_trips()
    {
        var q = Queue("props");
        await Channel.QueueDeclareAsync(q, false, false, false);
        var props = new BasicProperties
        {
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            Headers = new Dictionary<string, object?> { ["h"] = "v" },
            DeliveryMode = DeliveryModes.Persistent,
            Priority = 7,
            CorrelationId = "corr-ü",
            ReplyTo = "reply.queue",
            Expiration = "600000",
            MessageId = "msg-1",
            Timestamp = new AmqpTimestamp(1_700_000_000),
            Type = "order.created",
            UserId = Broker.User,
            AppId = "conformance",
            ClusterId = "cluster-x",
        };
        await Channel.BasicPublishAsync("", q, false, props, Utf8("{}"));
        var r = await Channel.BasicGetAsync(q, true);
        var p = r!.BasicProperties;
        Assert.Equal(props.ContentType, p.ContentType);
        Assert.Equal(props.ContentEncoding, p.ContentEncoding);
        Assert.Equal("v", Encoding.UTF8.GetString((byte[])p.Headers!["h"]!));
        Assert.Equal(DeliveryModes.Persistent, p.DeliveryMode);
        Assert.Equal(7, p.Priority);
        Assert.Equal(props.CorrelationId, p.CorrelationId);
        Assert.Equal(props.ReplyTo, p.ReplyTo);
        Assert.Equal(props.Expiration, p.Expiration);
        Assert.Equal(props.MessageId, p.MessageId);
        Assert.Equal(props.Timestamp, p.Timestamp);
        Assert.Equal(props.Type, p.Type);
        Assert.Equal(props.UserId, p.UserId);
        Assert.Equal(props.AppId, p.AppId);
        Assert.Equal(props.ClusterId, p.ClusterId);
    }

    [Fact]
    public async Task Absent_properties_stay_absent()
    {
        var q = Queue("noprops");
        await Channel.QueueDeclareAsync(q, false, false, false);
        await Channel.BasicPublishAsync("", q, Utf8("bare"));
        var p = (await Channel.BasicGetAsync(q, true))!.BasicProperties;
        Assert.False(p.IsContentTypePresent());
        Assert.False(p.IsHeadersPresent());
        Assert.False(p.IsMessageIdPresent());
        Assert.False(p.IsTimestampPresent());
        Assert.False(p.IsDeliveryModePresent());
    }

    [Fact]
    public async Task Field_table_values_decode_to_the_same_types()
    {
        var q = Queue("table");
        await Channel.QueueDeclareAsync(q, false, false, false);
        var headers = new Dictionary<string, object?>
        {
            ["bool"] = true,
            ["sbyte"] = (sbyte)-5,
            ["short"] = (short)-300,
            ["int"] = -70000,
            ["long"] = long.MinValue,
            ["uint"] = uint.MaxValue,
            ["float"] = 1.5f,
            ["double"] = Math.PI,
            ["decimal"] = 12.345m,
            ["string"] = "ünïcödé ✓",
            ["timestamp"] = new AmqpTimestamp(1_234_567_890),
            ["table"] = new Dictionary<string, object?> { ["inner"] = 1, ["deeper"] = new Dictionary<string, object?> { ["x"] = false } },
            ["array"] = new List<object?> { 1, "two", null, new List<object?> { true } },
            ["void"] = null,
            ["bytes"] = new BinaryTableValue(new byte[] { 0, 1, 2, 255 }),
        };
        await Channel.BasicPublishAsync("", q, false, new BasicProperties { Headers = headers }, Utf8("t"));
        var h = (await Channel.BasicGetAsync(q, true))!.BasicProperties.Headers!;
        Assert.Equal(true, h["bool"]);
        Assert.Equal((sbyte)-5, h["sbyte"]);
        Assert.Equal((short)-300, h["short"]);
        Assert.Equal(-70000, h["int"]);
        Assert.Equal(long.MinValue, h["long"]);
        Assert.Equal(uint.MaxValue, h["uint"]);
        Assert.Equal(1.5f, h["float"]);
        Assert.Equal(Math.PI, h["double"]);
        Assert.Equal(12.345m, h["decimal"]);
        Assert.Equal("ünïcödé ✓", Encoding.UTF8.GetString((byte[])h["string"]!));
        Assert.Equal(new AmqpTimestamp(1_234_567_890), h["timestamp"]);
        var table = Assert.IsAssignableFrom<IDictionary<string, object?>>(h["table"]);
        Assert.Equal(1, table["inner"]);
        Assert.Equal(false, Assert.IsAssignableFrom<IDictionary<string, object?>>(table["deeper"])["x"]);
        var array = Assert.IsAssignableFrom<IList<object?>>(h["array"]);
        Assert.Equal(4, array.Count);
        Assert.Equal(1, array[0]);
        Assert.Equal("two", Encoding.UTF8.GetString((byte[])array[1]!));
        Assert.Null(array[2]);
        Assert.Equal(true, Assert.IsAssignableFrom<IList<object?>>(array[3])[0]);
        Assert.True(h.ContainsKey("void"));
        Assert.Null(h["void"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, Assert.IsType<BinaryTableValue>(h["bytes"]).Bytes);
    }

    [Fact]
    public async Task Content_header_bytes_round_trip_exactly_for_every_field_type()
    {
        var q = Queue("wire");
        await Channel.QueueDeclareAsync(q, false, false, false);
        var header = EveryTypeContentHeader(Broker.User, bodySize: 3);
        await using var raw = await Broker.OpenRawAsync();
        await raw.OpenChannelAsync(1);
        await raw.SendMethodAsync(1, 60, 40, HostilePeerTests.Publish("", q));
        await raw.SendAsync(RawFrame.Encode(RawFrame.Header, 1, header));
        await raw.SendAsync(RawFrame.Encode(RawFrame.Body, 1, "abc"u8));
        Assert.True(await EventuallyAsync(async () => await MessageCountAsync(q) == 1));
        await raw.SendMethodAsync(1, 60, 70, new WireWriter().Short(0).ShortStr(q).Bits(true));
        await raw.ExpectMethodAsync(60, 71);
        var got = await raw.ReadFrameAsync(Patience);
        Assert.NotNull(got);
        Assert.Equal(RawFrame.Header, got!.Type);
        Assert.Equal(Convert.ToHexString(header), Convert.ToHexString(got.Payload));
        var body = await raw.ReadFrameAsync(Patience);
        Assert.Equal("abc"u8.ToArray(), body!.Payload);
    }

    [Fact]
    public async Task User_id_that_is_not_the_connections_user_is_406()
    {
        await using var ch = await Connection.CreateChannelAsync();
        var shutdown = ShutdownOf(ch);
        await ch.BasicPublishAsync("", Unique("any"), false, new BasicProperties { UserId = "someone-else" }, Utf8("x"));
        var reason = await Within(shutdown);
        Assert.Equal(406, reason.ReplyCode);
    }

    /// <summary>A basic content header with all 14 properties and a headers table holding every field type.</summary>
    internal static byte[] EveryTypeContentHeader(string user, ulong bodySize)
    {
        var nested = new WireWriter().ShortStr("n").Octet((byte)'I').Long(7).ToArray();
        var array = new WireWriter().Octet((byte)'I').Long(1).Octet((byte)'S').LongStr("two").Octet((byte)'V').ToArray();
        var table = new WireWriter()
            .ShortStr("t").Octet((byte)'t').Octet(1)
            .ShortStr("b").Octet((byte)'b').Octet(0xFB)
            .ShortStr("B").Octet((byte)'B').Octet(0xFB)
            .ShortStr("s").Octet((byte)'s').Short(0xFFFE)
            .ShortStr("u").Octet((byte)'u').Short(0xFFFE)
            .ShortStr("I").Octet((byte)'I').Long(0xFFFFFFF0)
            .ShortStr("i").Octet((byte)'i').Long(0xFFFFFFF0)
            .ShortStr("l").Octet((byte)'l').LongLong(0x8000000000000001)
            .ShortStr("f").Octet((byte)'f').Long(BitConverter.SingleToUInt32Bits(2.5f))
            .ShortStr("d").Octet((byte)'d').LongLong(BitConverter.DoubleToUInt64Bits(-1.25))
            .ShortStr("D").Octet((byte)'D').Octet(2).Long(12345)
            .ShortStr("S").Octet((byte)'S').LongStr("long string ✓")
            .ShortStr("x").Octet((byte)'x').LongStr(new byte[] { 0, 0xFF, 0x10 })
            .ShortStr("A").Octet((byte)'A').LongStr(array)
            .ShortStr("T").Octet((byte)'T').LongLong(1_600_000_000)
            .ShortStr("F").Octet((byte)'F').LongStr(nested)
            .ShortStr("V").Octet((byte)'V')
            .ToArray();
        return new WireWriter()
            .Short(60).Short(0).LongLong(bodySize)
            .Short(0xFFFC) // all 14 property flags
            .ShortStr("text/plain")
            .ShortStr("utf-8")
            .Table(table)
            .Octet(2) // delivery-mode
            .Octet(9) // priority
            .ShortStr("correlation")
            .ShortStr("reply-to")
            .ShortStr("60000") // expiration
            .ShortStr("message-id")
            .LongLong(1_700_000_000) // timestamp
            .ShortStr("type")
            .ShortStr(user)
            .ShortStr("app-id")
            .ShortStr("cluster-id")
            .ToArray();
    }
}
