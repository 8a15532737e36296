using System.Buffers;
using System.Runtime.InteropServices;
using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Xunit;

namespace Fabric.Actors.Tests.Amqp;

public class FrameTests
{
    private const uint FrameMax = 4096;
    private const int Chunk = (int)FrameMax - 8;

    [Fact]
    public void Many_frames_in_one_buffer_parse_in_order()
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteMethod(buffer, 1, new BasicPublish { Exchange = "ex", RoutingKey = "rk" });
        byte[] props = new BasicProperties { DeliveryMode = 2 }.ToArray();
        byte[] body = Body(Chunk * 2 + 5);
        FrameWriter.WriteContent(buffer, 1, 60, props, body, FrameMax);
        FrameWriter.WriteHeartbeat(buffer);
        FrameWriter.WriteMethod(buffer, 2, new BasicAck { DeliveryTag = 42, Multiple = true });

        var frames = ParseAll(new ReadOnlySequence<byte>(buffer.WrittenMemory), FrameMax);

        Assert.Equal(
            [FrameType.Method, FrameType.Header, FrameType.Body, FrameType.Body, FrameType.Body, FrameType.Heartbeat, FrameType.Method],
            frames.Select(f => f.Type));
        var publish = Assert.IsType<BasicPublish>(MethodDecoder.Decode(frames[0].Payload));
        Assert.Equal(("ex", "rk"), (publish.Exchange, publish.RoutingKey));
        var header = ContentHeader.Parse(frames[1].Payload);
        Assert.Equal((ushort)60, header.ClassId);
        Assert.Equal((ulong)body.Length, header.BodySize);
        Assert.Equal(props, header.RawProperties.ToArray());
        Assert.Equal(body, frames.Skip(2).Take(3).SelectMany(f => f.Payload.ToArray()).ToArray());
        Assert.Equal(0, frames[5].Channel);
        Assert.Equal(new BasicAck { DeliveryTag = 42, Multiple = true }, MethodDecoder.Decode(frames[6].Payload));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(Chunk - 1, 1)]
    [InlineData(Chunk, 1)]
    [InlineData(Chunk + 1, 2)]
    [InlineData(3 * Chunk, 3)]
    [InlineData(3 * Chunk + 1, 4)]
    public void Body_is_split_into_frames_of_at_most_frame_max(int bodySize, int expectedFrames)
    {
        byte[] body = Body(bodySize);
        foreach (var source in new[] { new ReadOnlySequence<byte>(body), Samples.Segmented(body, 1000) })
        {
            var buffer = new ArrayBufferWriter<byte>();
            FrameWriter.WriteContent(buffer, 3, 60, [0, 0], source, FrameMax);
            var frames = ParseAll(new ReadOnlySequence<byte>(buffer.WrittenMemory), FrameMax);

            Assert.Equal(expectedFrames + 1, frames.Count);
            Assert.Equal((ulong)bodySize, ContentHeader.Parse(frames[0].Payload).BodySize);
            for (int i = 1; i < frames.Count; i++)
            {
                Assert.Equal(FrameType.Body, frames[i].Type);
                Assert.Equal(3, frames[i].Channel);
                Assert.True(frames[i].Payload.Length + 8 <= FrameMax);
                Assert.True(i == frames.Count - 1 || frames[i].Payload.Length == Chunk);
            }

            Assert.Equal(body, frames.Skip(1).SelectMany(f => f.Payload.ToArray()).ToArray());
        }
    }

    [Fact]
    public void Frames_split_across_segments_parse_at_every_segment_size()
    {
        byte[] stream = Stream();
        var expected = ParseAll(new ReadOnlySequence<byte>(stream), FrameMax).Select(f => (f.Type, f.Channel, f.Payload.ToArray())).ToList();
        for (int segment = 1; segment <= 40; segment++)
        {
            var actual = ParseAll(Samples.Segmented(stream, segment), FrameMax);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < actual.Count; i++)
            {
                Assert.Equal(expected[i].Type, actual[i].Type);
                Assert.Equal(expected[i].Channel, actual[i].Channel);
                Assert.Equal(expected[i].Item3, actual[i].Payload.ToArray());
            }
        }
    }

    [Fact]
    public void Incomplete_frames_need_more_data_and_do_not_advance()
    {
        byte[] stream = Stream();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(stream));
        Assert.Equal(FrameParseStatus.Ok, FrameParser.TryParse(ref reader, FrameMax, out _));
        int firstFrame = (int)reader.Consumed;
        for (int length = 0; length < firstFrame; length++)
        {
            var partial = new SequenceReader<byte>(new ReadOnlySequence<byte>(stream, 0, length));
            Assert.Equal(FrameParseStatus.NeedMoreData, FrameParser.TryParse(ref partial, FrameMax, out _));
            Assert.Equal(0, partial.Consumed);
        }
    }

    [Fact]
    public void Payload_is_a_slice_of_the_input_not_a_copy()
    {
        byte[] stream = Stream();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(stream));
        Assert.True(FrameParser.TryReadFrame(ref reader, FrameMax, out var frame));
        Assert.True(MemoryMarshal.TryGetArray(frame.Payload.First, out var segment));
        Assert.Same(stream, segment.Array);
        Assert.Equal(7, segment.Offset);
    }

    [Fact]
    public void Bad_frame_end_is_a_frame_error()
    {
        byte[] frame = Samples.EncodeMethodFrame(new ChannelOpen());
        frame[^1] = 0xCD;
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame));
        Assert.Equal(FrameParseStatus.BadFrameEnd, FrameParser.TryParse(ref reader, FrameMax, out var parsed));
        var ex = FrameParser.ToException(FrameParseStatus.BadFrameEnd, parsed.Header, FrameMax);
        Assert.Equal(ReplyCode.FrameError, ex.ReplyCode);
        Assert.Throws<AmqpProtocolException>(() => ReadFrame(frame, FrameMax));
    }

    [Fact]
    public void Oversized_frame_is_rejected_from_its_header_alone()
    {
        // Header announces FrameMax - 7 payload bytes (one too many); no payload has arrived yet.
        byte[] header = [3, 0, 1, 0, 0, 0x0F, 0xF9];
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(header));
        Assert.Equal(FrameParseStatus.FrameTooLarge, FrameParser.TryParse(ref reader, FrameMax, out var parsed));
        Assert.Equal(FrameMax - 7, parsed.Header.PayloadSize);
        Assert.Equal(ReplyCode.FrameError, Assert.Throws<AmqpProtocolException>(() => ReadFrame(header, FrameMax)).ReplyCode);

        // Exactly frame-max is fine, and 0 means unlimited.
        byte[] exact = [3, 0, 1, 0, 0, 0x0F, 0xF8, .. new byte[Chunk], 0xCE];
        Assert.Equal(FrameType.Body, ReadFrame(exact, FrameMax).Type);
        Assert.Equal(FrameType.Body, ReadFrame([3, 0, 1, 0, 0, 0x0F, 0xF9, .. new byte[Chunk + 1], 0xCE], 0).Type);
    }

    [Fact]
    public void Unknown_frame_type_is_a_frame_error()
    {
        byte[] frame = [4, 0, 0, 0, 0, 0, 0, 0xCE];
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame));
        Assert.Equal(FrameParseStatus.UnknownFrameType, FrameParser.TryParse(ref reader, FrameMax, out _));
        Assert.Equal(ReplyCode.FrameError, Assert.Throws<AmqpProtocolException>(() => ReadFrame(frame, FrameMax)).ReplyCode);
    }

    [Fact]
    public void Heartbeat_frame_has_the_well_known_bytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteHeartbeat(buffer);
        Assert.Equal(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0xCE }, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Protocol_header_is_recognised()
    {
        byte[] good = "AMQP\0\0\u0009\u0001"u8.ToArray();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(good, 0, 7));
        Assert.False(FrameParser.TryReadProtocolHeader(ref reader, out _));
        reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(good));
        Assert.True(FrameParser.TryReadProtocolHeader(ref reader, out bool supported));
        Assert.True(supported);
        reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("AMQP\0\0\u0009\u0000"u8.ToArray()));
        Assert.True(FrameParser.TryReadProtocolHeader(ref reader, out supported));
        Assert.False(supported);
    }

    [Fact]
    public void Content_header_too_short_is_a_frame_error()
    {
        var ex = Assert.Throws<AmqpProtocolException>(() => ContentHeader.Parse(new ReadOnlySequence<byte>(new byte[13])));
        Assert.Equal(ReplyCode.FrameError, ex.ReplyCode);
    }

    private static Frame ReadFrame(byte[] bytes, uint frameMax)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(FrameParser.TryReadFrame(ref reader, frameMax, out var frame));
        return frame;
    }

    private static List<Frame> ParseAll(ReadOnlySequence<byte> input, uint frameMax)
    {
        var frames = new List<Frame>();
        var reader = new SequenceReader<byte>(input);
        while (FrameParser.TryReadFrame(ref reader, frameMax, out var frame))
        {
            frames.Add(frame);
        }

        Assert.True(reader.End);
        return frames;
    }

    private static byte[] Stream()
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteMethod(buffer, 5, new QueueDeclare { Queue = "q", Arguments = Samples.Table(0) });
        FrameWriter.WriteHeartbeat(buffer);
        FrameWriter.WriteContent(buffer, 5, 60, [0x10, 0, 1], Body(100), 64);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Body(int size)
    {
        var body = new byte[size];
        for (int i = 0; i < size; i++)
        {
            body[i] = (byte)(i * 31);
        }

        return body;
    }
}
