using System.Buffers;
using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Xunit;

namespace Fabric.Actors.Tests.Amqp;

/// <summary>Frames assembled byte by byte from the spec's layout, independently of the encoder.</summary>
public class KnownBytesTests
{
    [Fact]
    public void Connection_start_as_a_server_sends_it()
    {
        var args = new List<byte> { 0, 9 };
        var table = new List<byte>();
        AddShortString(table, "product");
        table.Add((byte)'S');
        AddLongString(table, "RabbitMQ");
        AddShortString(table, "capabilities");
        table.Add((byte)'F');
        var caps = new List<byte>();
        AddShortString(caps, "publisher_confirms");
        caps.AddRange([(byte)'t', 1]);
        AddLong(table, caps.Count);
        table.AddRange(caps);
        AddLong(args, table.Count);
        args.AddRange(table);
        AddLongString(args, "AMQPLAIN PLAIN");
        AddLongString(args, "en_US");
        byte[] frame = Frame(1, 0, [0, 10, 0, 10, .. args]);

        var start = Assert.IsType<ConnectionStart>(Decode(frame));
        Assert.Equal((byte)0, start.VersionMajor);
        Assert.Equal((byte)9, start.VersionMinor);
        Assert.True(start.ServerProperties.TryGetString("product", out var product));
        Assert.Equal("RabbitMQ", product);
        Assert.True(start.ServerProperties.TryGetTable("capabilities", out var capabilities));
        Assert.True(capabilities.TryGetBool("publisher_confirms", out bool confirms) && confirms);
        Assert.Equal("AMQPLAIN PLAIN", Encoding.UTF8.GetString(start.Mechanisms));
        Assert.Equal("en_US", Encoding.UTF8.GetString(start.Locales));
        Assert.Equal(frame, Samples.EncodeMethodFrame(start, channel: 0));
    }

    [Fact]
    public void Basic_publish_with_mandatory()
    {
        var args = new List<byte> { 0, 0 };
        AddShortString(args, "amq.topic");
        AddShortString(args, "a.b");
        args.Add(0x01);
        byte[] frame = Frame(1, 1, [0, 60, 0, 40, .. args]);

        var publish = Assert.IsType<BasicPublish>(Decode(frame));
        Assert.Equal("amq.topic", publish.Exchange);
        Assert.Equal("a.b", publish.RoutingKey);
        Assert.True(publish.Mandatory);
        Assert.False(publish.Immediate);
        Assert.Equal(frame, Samples.EncodeMethodFrame(publish, channel: 1));
    }

    [Fact]
    public void Consecutive_bits_share_one_octet()
    {
        // queue.declare: ticket, queue "q", bits passive|durable|exclusive|auto-delete|no-wait, empty table.
        byte[] payload = [0, 50, 0, 10, 0, 0, 1, (byte)'q', 0b0001_1010, 0, 0, 0, 0];
        var declare = Assert.IsType<QueueDeclare>(MethodDecoder.Decode(payload));
        Assert.False(declare.Passive);
        Assert.True(declare.Durable);
        Assert.False(declare.Exclusive);
        Assert.True(declare.AutoDelete);
        Assert.True(declare.NoWait);
        Assert.Empty(declare.Arguments);

        // basic.nack: delivery-tag then multiple|requeue in one octet.
        var nack = Assert.IsType<BasicNack>(MethodDecoder.Decode([0, 60, 0, 120, 0, 0, 0, 0, 0, 0, 0, 5, 0b10]));
        Assert.Equal((5UL, false, true), (nack.DeliveryTag, nack.Multiple, nack.Requeue));
    }

    [Fact]
    public void Connection_close_carries_the_failing_method()
    {
        var close = new ConnectionClose { ReplyCode = ReplyCode.NotFound, ReplyText = "NOT_FOUND - no queue 'q'", ClassId = 50, MethodId = 10 };
        byte[] frame = Samples.EncodeMethodFrame(close, channel: 0);
        var args = new List<byte> { 0x01, 0x94 };
        AddShortString(args, "NOT_FOUND - no queue 'q'");
        args.AddRange([0, 50, 0, 10]);
        Assert.Equal(Frame(1, 0, [0, 10, 0, 50, .. args]), frame);
    }

    [Fact]
    public void Unknown_methods_and_short_payloads_get_the_documented_codes()
    {
        var unknown = Assert.Throws<AmqpProtocolException>(() => MethodDecoder.Decode([0, 60, 0, 99, 0]));
        Assert.Equal((ReplyCode.CommandInvalid, (ushort)60, (ushort)99), (unknown.ReplyCode, unknown.ClassId, unknown.MethodId));
        Assert.Equal(ReplyCode.CommandInvalid, Assert.Throws<AmqpProtocolException>(() => MethodDecoder.Decode([0, 200, 0, 10])).ReplyCode);
        Assert.Equal(ReplyCode.FrameError, Assert.Throws<AmqpProtocolException>(() => MethodDecoder.Decode([0, 60, 0])).ReplyCode);
    }

    [Fact]
    public void Huge_declared_long_string_fails_before_allocating()
    {
        // connection.secure-ok with a 4 GiB response length in a 9-byte payload.
        var ex = Assert.Throws<AmqpProtocolException>(() => MethodDecoder.Decode([0, 10, 0, 21, 0xFF, 0xFF, 0xFF, 0xFF, 1]));
        Assert.Equal((ReplyCode.SyntaxError, (ushort)10, (ushort)21), (ex.ReplyCode, ex.ClassId, ex.MethodId));
    }

    [Fact]
    public void Random_garbage_only_ever_raises_protocol_exceptions()
    {
        var random = new Random(1234);
        foreach (var sample in MethodSamples.All)
        {
            for (int i = 0; i < 200; i++)
            {
                var payload = new byte[4 + random.Next(0, 40)];
                random.NextBytes(payload);
                payload[0] = (byte)(sample.Id.ClassId >> 8);
                payload[1] = (byte)sample.Id.ClassId;
                payload[2] = (byte)(sample.Id.Method >> 8);
                payload[3] = (byte)sample.Id.Method;
                try
                {
                    var decoded = MethodDecoder.Decode(payload);
                    Assert.Equal(sample.Id, decoded.Id);
                }
                catch (AmqpProtocolException)
                {
                }
            }
        }
    }

    [Fact]
    public void Short_strings_over_255_bytes_are_rejected_by_the_encoder()
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteMethod(buffer, 1, new QueueDeclare { Queue = new string('q', 255) });
        Assert.Throws<ArgumentException>(() => FrameWriter.WriteMethod(buffer, 1, new QueueDeclare { Queue = new string('q', 256) }));
        Assert.Throws<ArgumentException>(() => FrameWriter.WriteMethod(buffer, 1, new BasicPublish { RoutingKey = new string('é', 128) }));
        Assert.Throws<ArgumentException>(() => FrameWriter.WriteBasicDeliver(buffer, 1, new byte[256], 1, false, [], []));
    }

    private static IAmqpMethod Decode(byte[] frame)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame));
        Assert.True(FrameParser.TryReadFrame(ref reader, 0, out var parsed));
        Assert.True(reader.End);
        return MethodDecoder.Decode(parsed.Payload);
    }

    private static byte[] Frame(byte type, ushort channel, byte[] payload)
    {
        var bytes = new List<byte> { type, (byte)(channel >> 8), (byte)channel };
        AddLong(bytes, payload.Length);
        bytes.AddRange(payload);
        bytes.Add(0xCE);
        return bytes.ToArray();
    }

    private static void AddLong(List<byte> bytes, int value) =>
        bytes.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    private static void AddShortString(List<byte> bytes, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        bytes.Add((byte)utf8.Length);
        bytes.AddRange(utf8);
    }

    private static void AddLongString(List<byte> bytes, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        AddLong(bytes, utf8.Length);
        bytes.AddRange(utf8);
    }
}
