using System.Buffers;
using System.Buffers.Binary;
using Fabric.Amqp.Methods;

namespace Fabric.Amqp.Frames;

/// <summary>Encodes frames into an <see cref="IBufferWriter{T}"/> (e.g. a PipeWriter); nothing is flushed here.</summary>
public static partial class FrameWriter
{
    private const int MethodPrefix = AmqpConstants.FrameHeaderSize + 4;
    private const int ContentHeaderFixed = 12;

    /// <summary>Writes one method frame. Generic over the method struct so nothing is boxed.</summary>
    public static void WriteMethod<TMethod>(IBufferWriter<byte> output, ushort channel, in TMethod method)
        where TMethod : IAmqpMethod
    {
        var span = output.GetSpan(MethodPrefix + method.MaxArgumentsSize() + 1);
        int size = method.WriteArguments(span.Slice(MethodPrefix));
        FinishMethod(output, span, channel, method.Id, size);
    }

    public static void WriteHeartbeat(IBufferWriter<byte> output)
    {
        var span = output.GetSpan(AmqpConstants.FrameOverhead);
        WriteHeader(span, FrameType.Heartbeat, 0, 0);
        span[7] = AmqpConstants.FrameEnd;
        output.Advance(AmqpConstants.FrameOverhead);
    }

    /// <summary>Writes a content header frame with properties already in wire form (flags + values).</summary>
    public static void WriteContentHeader(IBufferWriter<byte> output, ushort channel, ushort classId, ulong bodySize, ReadOnlySpan<byte> rawProperties)
    {
        var span = output.GetSpan(ContentHeaderFixed + rawProperties.Length + AmqpConstants.FrameOverhead);
        output.Advance(FillContentHeader(span, channel, classId, bodySize, rawProperties));
    }

    /// <summary>Writes a content header frame at the start of <paramref name="span"/>; returns its length.</summary>
    private static int FillContentHeader(Span<byte> span, ushort channel, ushort classId, ulong bodySize, ReadOnlySpan<byte> rawProperties)
    {
        int payload = ContentHeaderFixed + rawProperties.Length;
        WriteHeader(span, FrameType.Header, channel, (uint)payload);
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(7), classId);
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(9), 0);
        BinaryPrimitives.WriteUInt64BigEndian(span.Slice(11), bodySize);
        rawProperties.CopyTo(span.Slice(19));
        span[7 + payload] = AmqpConstants.FrameEnd;
        return payload + AmqpConstants.FrameOverhead;
    }

    /// <summary>Writes the body as body frames of at most frameMax - 8 payload bytes (frameMax 0: one frame).</summary>
    public static void WriteBody(IBufferWriter<byte> output, ushort channel, ReadOnlySpan<byte> body, uint frameMax)
    {
        int chunk = MaxBodyChunk(frameMax);
        while (!body.IsEmpty)
        {
            int n = Math.Min(chunk, body.Length);
            WriteBodyFrame(output, channel, body.Slice(0, n));
            body = body.Slice(n);
        }
    }

    /// <summary>Writes a (possibly multi-segment) body as body frames of at most frameMax - 8 payload bytes.</summary>
    public static void WriteBody(IBufferWriter<byte> output, ushort channel, in ReadOnlySequence<byte> body, uint frameMax)
    {
        if (body.IsSingleSegment)
        {
            WriteBody(output, channel, body.FirstSpan, frameMax);
            return;
        }

        int chunk = MaxBodyChunk(frameMax);
        var rest = body;
        while (!rest.IsEmpty)
        {
            int n = (int)Math.Min(chunk, rest.Length);
            var part = rest.Slice(0, n);
            var span = BeginBodyFrame(output, channel, n);
            part.CopyTo(span.Slice(AmqpConstants.FrameHeaderSize));
            EndBodyFrame(output, span, n);
            rest = rest.Slice(part.End);
        }
    }

    /// <summary>Content header then body frames: what follows basic.publish / deliver / return / get-ok.</summary>
    public static void WriteContent(IBufferWriter<byte> output, ushort channel, ushort classId, ReadOnlySpan<byte> rawProperties, ReadOnlySpan<byte> body, uint frameMax)
    {
        WriteContentHeader(output, channel, classId, (ulong)body.Length, rawProperties);
        WriteBody(output, channel, body, frameMax);
    }

    public static void WriteContent(IBufferWriter<byte> output, ushort channel, ushort classId, ReadOnlySpan<byte> rawProperties, in ReadOnlySequence<byte> body, uint frameMax)
    {
        WriteContentHeader(output, channel, classId, (ulong)body.Length, rawProperties);
        WriteBody(output, channel, body, frameMax);
    }

    private static void WriteBodyFrame(IBufferWriter<byte> output, ushort channel, ReadOnlySpan<byte> part)
    {
        var span = output.GetSpan(part.Length + AmqpConstants.FrameOverhead);
        output.Advance(FillBodyFrame(span, channel, part));
    }

    /// <summary>Writes one body frame at the start of <paramref name="span"/>; returns its length.</summary>
    private static int FillBodyFrame(Span<byte> span, ushort channel, ReadOnlySpan<byte> part)
    {
        WriteHeader(span, FrameType.Body, channel, (uint)part.Length);
        part.CopyTo(span.Slice(AmqpConstants.FrameHeaderSize));
        span[AmqpConstants.FrameHeaderSize + part.Length] = AmqpConstants.FrameEnd;
        return part.Length + AmqpConstants.FrameOverhead;
    }

    private static Span<byte> BeginBodyFrame(IBufferWriter<byte> output, ushort channel, int length)
    {
        var span = output.GetSpan(length + AmqpConstants.FrameOverhead);
        WriteHeader(span, FrameType.Body, channel, (uint)length);
        return span;
    }

    private static void EndBodyFrame(IBufferWriter<byte> output, Span<byte> span, int length)
    {
        span[AmqpConstants.FrameHeaderSize + length] = AmqpConstants.FrameEnd;
        output.Advance(length + AmqpConstants.FrameOverhead);
    }

    private static int MaxBodyChunk(uint frameMax)
    {
        if (frameMax == 0)
        {
            return int.MaxValue - AmqpConstants.FrameOverhead;
        }

        if (frameMax <= AmqpConstants.FrameOverhead)
        {
            throw new ArgumentOutOfRangeException(nameof(frameMax), frameMax, "frame-max leaves no room for a payload");
        }

        return (int)Math.Min(frameMax - AmqpConstants.FrameOverhead, int.MaxValue - AmqpConstants.FrameOverhead);
    }

    /// <summary>Fills in the header and ids around arguments already written at <see cref="MethodPrefix"/>.</summary>
    private static void FinishMethod(IBufferWriter<byte> output, Span<byte> span, ushort channel, MethodId id, int argumentsSize) =>
        output.Advance(FillMethodFrame(span, channel, id, argumentsSize));

    /// <summary>Fills in the header and ids around arguments written at <see cref="MethodPrefix"/>; returns the frame's length.</summary>
    private static int FillMethodFrame(Span<byte> span, ushort channel, MethodId id, int argumentsSize)
    {
        WriteHeader(span, FrameType.Method, channel, (uint)(argumentsSize + 4));
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(7), id.ClassId);
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(9), id.Method);
        span[MethodPrefix + argumentsSize] = AmqpConstants.FrameEnd;
        return MethodPrefix + argumentsSize + 1;
    }

    private static void WriteHeader(Span<byte> span, FrameType type, ushort channel, uint payloadSize)
    {
        span[0] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(span.Slice(1), channel);
        BinaryPrimitives.WriteUInt32BigEndian(span.Slice(3), payloadSize);
    }
}
