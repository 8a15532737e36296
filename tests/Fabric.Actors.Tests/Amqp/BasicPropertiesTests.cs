using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Tables;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Amqp;

public class BasicPropertiesTests
{
    [Fact]
    public void Every_subset_of_properties_round_trips_with_the_right_flags()
    {
        var full = Full();
        for (int mask = 0; mask < 1 << 14; mask++)
        {
            var props = Subset(full, mask);
            byte[] raw = props.ToArray();
            ushort expectedFlags = (ushort)(mask << 2);

            Assert.Equal(expectedFlags, (ushort)((raw[0] << 8) | raw[1]));
            var view = new BasicPropertiesView(raw);
            Assert.Equal((BasicPropertyFlags)expectedFlags, view.Flags);
            Assert.Equal(props.DeliveryMode, view.DeliveryMode);
            Assert.Equal(props.Priority, view.Priority);
            Assert.Equal(props.Expiration, view.Expiration);
            Assert.Equal(props.Timestamp, view.Timestamp);
            Assert.Equal(props.Headers is null, view.Headers is null);
            Assert.Equal(raw, BasicProperties.Decode(raw).ToArray());
        }
    }

    [Fact]
    public void Random_values_round_trip()
    {
        var text = Gen.Elements("", "a", "application/json", "é✓", new string('z', 255));
        var gen =
            from mask in Gen.Choose(0, (1 << 14) - 1)
            from s in text
            from mode in Gen.Choose(0, 255)
            from ts in Gen.Choose(0, int.MaxValue)
            select (mask, s, mode, ts);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var props = Subset(
                new BasicProperties
                {
                    ContentType = t.s, ContentEncoding = t.s, Headers = Samples.Table(t.mode), DeliveryMode = (byte)t.mode,
                    Priority = (byte)(255 - t.mode), CorrelationId = t.s, ReplyTo = t.s, Expiration = t.s, MessageId = t.s,
                    Timestamp = new AmqpTimestamp((ulong)t.ts), Type = t.s, UserId = t.s, AppId = t.s, ClusterId = t.s,
                },
                t.mask);
            byte[] raw = props.ToArray();
            var decoded = BasicProperties.Decode(raw);
            return raw.AsSpan().SequenceEqual(decoded.ToArray())
                && decoded.Flags == props.Flags
                && decoded.ContentType == props.ContentType
                && decoded.ClusterId == props.ClusterId
                && decoded.Timestamp == props.Timestamp;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Known_bytes_decode_as_expected()
    {
        // content-type "text/plain", delivery-mode 2: flags 0x9000.
        byte[] raw = [0x90, 0x00, 10, .. "text/plain"u8, 2];
        var view = new BasicPropertiesView(raw);
        Assert.Equal("text/plain", view.GetShortString(BasicPropertyFlags.ContentType));
        Assert.True(view.IsPersistent);
        Assert.Null(view.Priority);
        Assert.Equal(raw, new BasicProperties { ContentType = "text/plain", DeliveryMode = 2 }.ToArray());
    }

    [Fact]
    public void Expiration_parses_like_rabbitmq()
    {
        Assert.True(View(new BasicProperties { Expiration = "60000" }).TryGetExpirationMilliseconds(out long ms));
        Assert.Equal(60000, ms);
        Assert.True(View(new BasicProperties { Expiration = "0" }).TryGetExpirationMilliseconds(out ms));
        Assert.Equal(0, ms);
        Assert.False(View(new BasicProperties { Expiration = "-1" }).TryGetExpirationMilliseconds(out _));
        Assert.False(View(new BasicProperties { Expiration = "1.5" }).TryGetExpirationMilliseconds(out _));
        Assert.False(View(new BasicProperties { Expiration = "" }).TryGetExpirationMilliseconds(out _));
        Assert.False(View(BasicProperties.Empty).TryGetExpirationMilliseconds(out _));
    }

    [Fact]
    public void Continuation_words_are_accepted_when_empty_and_rejected_when_they_name_unknown_properties()
    {
        byte[] withEmptyContinuation = [0x10, 0x01, 0x00, 0x00, 2];
        var view = new BasicPropertiesView(withEmptyContinuation);
        Assert.Equal(BasicPropertyFlags.DeliveryMode, view.Flags);
        Assert.Equal((byte)2, view.DeliveryMode);

        byte[] chained = [0x10, 0x01, 0x00, 0x01, 0x00, 0x00, 2];
        Assert.Equal((byte)2, new BasicPropertiesView(chained).DeliveryMode);

        AssertSyntaxError([0x10, 0x01, 0x80, 0x00, 2]);
        AssertSyntaxError([0x00, 0x02]);
        AssertSyntaxError([0x10, 0x01]);
    }

    [Fact]
    public void Malformed_or_truncated_properties_are_syntax_errors()
    {
        byte[] raw = Full().ToArray();
        for (int length = 0; length < raw.Length; length++)
        {
            AssertSyntaxError(raw[..length]);
        }

        AssertSyntaxError([.. raw, 0]);
        AssertSyntaxError([0x80, 0x00, 200, 1, 2]);
    }

    [Fact]
    public void WithHeaders_replaces_headers_drops_properties_and_keeps_the_rest_byte_exact()
    {
        var original = Full();
        byte[] raw = original.ToArray();
        var deaths = FieldTable.CreateBuilder().Add("x-death", new object?[] { FieldTable.CreateBuilder().Add("count", 1L).Build() }).Build();

        byte[] rewritten = new BasicPropertiesView(raw).WithHeaders(deaths, BasicPropertyFlags.Expiration);

        var expected = original with { Headers = deaths, Expiration = null };
        Assert.Equal(expected.ToArray(), rewritten);
        var view = new BasicPropertiesView(rewritten);
        Assert.False(view.Has(BasicPropertyFlags.Expiration));
        Assert.True(view.Headers!.TryGetArray("x-death", out var list));
        Assert.Single(list);

        byte[] withoutHeaders = new BasicPropertiesView(raw).WithHeaders(null);
        Assert.Equal((original with { Headers = null }).ToArray(), withoutHeaders);

        byte[] added = new BasicPropertiesView(BasicProperties.Empty.ToArray()).WithHeaders(deaths);
        Assert.Equal(new BasicProperties { Headers = deaths }.ToArray(), added);
    }

    [Fact]
    public void WithShortString_replaces_or_adds_one_property_and_keeps_the_rest_byte_exact()
    {
        var original = Full();
        byte[] raw = original.ToArray();

        byte[] replaced = new BasicPropertiesView(raw).WithShortString(BasicPropertyFlags.ReplyTo, "amq.rabbitmq.reply-to.abc");
        Assert.Equal((original with { ReplyTo = "amq.rabbitmq.reply-to.abc" }).ToArray(), replaced);

        byte[] added = new BasicPropertiesView(new BasicProperties { CorrelationId = "c" }.ToArray())
            .WithShortString(BasicPropertyFlags.ReplyTo, "r");
        Assert.Equal(new BasicProperties { CorrelationId = "c", ReplyTo = "r" }.ToArray(), added);

        Assert.Throws<ArgumentException>(() => new BasicPropertiesView(raw).WithShortString(BasicPropertyFlags.Priority, "x"));
        Assert.Throws<ArgumentException>(() => new BasicPropertiesView(raw).WithShortString(BasicPropertyFlags.ReplyTo, new string('a', 256)));
    }

    [Fact]
    public void Short_string_longer_than_255_bytes_is_rejected_on_encode()
    {
        Assert.Equal(258, new BasicProperties { ContentType = new string('a', 255) }.ToArray().Length);
        Assert.Throws<ArgumentException>(() => new BasicProperties { ContentType = new string('a', 256) }.ToArray());
        Assert.Throws<ArgumentException>(() => new BasicProperties { MessageId = new string('é', 128) }.ToArray());
    }

    private static BasicPropertiesView View(BasicProperties props) => new(props.ToArray());

    private static void AssertSyntaxError(byte[] raw)
    {
        var ex = Assert.Throws<AmqpProtocolException>(() => new BasicPropertiesView(raw));
        Assert.Equal(ReplyCode.SyntaxError, ex.ReplyCode);
    }

    private static BasicProperties Full() => new()
    {
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        Headers = Samples.Table(1),
        DeliveryMode = 2,
        Priority = 9,
        CorrelationId = "corr-1",
        ReplyTo = "reply_6f3c",
        Expiration = "60000",
        MessageId = "msg-é",
        Timestamp = new AmqpTimestamp(1700000000),
        Type = "oslo",
        UserId = "guest",
        AppId = "nova",
        ClusterId = "c1",
    };

    /// <summary>Keeps the properties whose bit (bit 13 - index, i.e. flag bit >> 2) is set in mask.</summary>
    private static BasicProperties Subset(BasicProperties p, int mask)
    {
        bool On(BasicPropertyFlags f) => (mask & ((int)f >> 2)) != 0;
        return new BasicProperties
        {
            ContentType = On(BasicPropertyFlags.ContentType) ? p.ContentType : null,
            ContentEncoding = On(BasicPropertyFlags.ContentEncoding) ? p.ContentEncoding : null,
            Headers = On(BasicPropertyFlags.Headers) ? p.Headers : null,
            DeliveryMode = On(BasicPropertyFlags.DeliveryMode) ? p.DeliveryMode : null,
            Priority = On(BasicPropertyFlags.Priority) ? p.Priority : null,
            CorrelationId = On(BasicPropertyFlags.CorrelationId) ? p.CorrelationId : null,
            ReplyTo = On(BasicPropertyFlags.ReplyTo) ? p.ReplyTo : null,
            Expiration = On(BasicPropertyFlags.Expiration) ? p.Expiration : null,
            MessageId = On(BasicPropertyFlags.MessageId) ? p.MessageId : null,
            Timestamp = On(BasicPropertyFlags.Timestamp) ? p.Timestamp : null,
            Type = On(BasicPropertyFlags.Type) ? p.Type : null,
            UserId = On(BasicPropertyFlags.UserId) ? p.UserId : null,
            AppId = On(BasicPropertyFlags.AppId) ? p.AppId : null,
            ClusterId = On(BasicPropertyFlags.ClusterId) ? p.ClusterId : null,
        };
    }
}
