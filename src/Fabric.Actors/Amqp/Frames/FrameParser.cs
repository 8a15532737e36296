using System.Buffers;
using System.Buffers.Binary;

namespace Fabric.Amqp.Frames;

/// <summary>
/// Cuts frames out of a byte sequence. Call <see cref="TryParse"/> in a loop to take every complete frame in the
/// buffer. Errors are detected from the header alone where possible (an oversized frame fails before its payload
/// has arrived). All malformed frames map to 501 FRAME_ERROR: an unknown frame type is a malformed frame, not an
/// unexpected one (505 is for frames of a known type arriving out of order, which the connection decides).
/// </summary>
public static class FrameParser
{
    /// <param name="frameMax">Negotiated frame-max including the 8 bytes of framing; 0 means no limit.</param>
    public static FrameParseStatus TryParse(ref SequenceReader<byte> reader, uint frameMax, out Frame frame)
    {
        frame = default;
        // The usual case reads straight from the current segment; a header split over segments is copied out.
        var unread = reader.UnreadSpan;
        Span<byte> copied = stackalloc byte[AmqpConstants.FrameHeaderSize];
        scoped ReadOnlySpan<byte> raw = unread;
        if (unread.Length < AmqpConstants.FrameHeaderSize)
        {
            if (!reader.TryCopyTo(copied))
            {
                return FrameParseStatus.NeedMoreData;
            }

            raw = copied;
        }

        var header = new FrameHeader(
            (FrameType)raw[0],
            BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(1)),
            BinaryPrimitives.ReadUInt32BigEndian(raw.Slice(3)));
        var type = header.Type;
        if (type != FrameType.Method && type != FrameType.Header && type != FrameType.Body && type != FrameType.Heartbeat)
        {
            frame = new Frame(header, default);
            return FrameParseStatus.UnknownFrameType;
        }

        if (frameMax != 0 && (ulong)header.PayloadSize + AmqpConstants.FrameOverhead > frameMax)
        {
            frame = new Frame(header, default);
            return FrameParseStatus.FrameTooLarge;
        }

        long total = (long)header.PayloadSize + AmqpConstants.FrameOverhead;
        if (reader.Remaining < total)
        {
            return FrameParseStatus.NeedMoreData;
        }

        var payload = reader.UnreadSequence.Slice(AmqpConstants.FrameHeaderSize, header.PayloadSize);
        var end = unread.Length >= total ? unread[(int)total - 1] : reader.UnreadSequence.Slice(payload.End, 1).FirstSpan[0];
        frame = new Frame(header, payload);
        if (end != AmqpConstants.FrameEnd)
        {
            return FrameParseStatus.BadFrameEnd;
        }

        reader.Advance(total);
        return FrameParseStatus.Ok;
    }

    /// <summary>Like <see cref="TryParse"/>, but errors are thrown as <see cref="AmqpProtocolException"/>.</summary>
    public static bool TryReadFrame(ref SequenceReader<byte> reader, uint frameMax, out Frame frame)
    {
        var status = TryParse(ref reader, frameMax, out frame);
        return status switch
        {
            FrameParseStatus.Ok => true,
            FrameParseStatus.NeedMoreData => false,
            _ => throw ToException(status, frame.Header, frameMax),
        };
    }

    public static AmqpProtocolException ToException(FrameParseStatus status, in FrameHeader header, uint frameMax) => status switch
    {
        FrameParseStatus.BadFrameEnd => AmqpProtocolException.Frame($"frame on channel {header.Channel} does not end with 0xCE"),
        FrameParseStatus.FrameTooLarge => AmqpProtocolException.Frame(
            $"frame of {header.PayloadSize} payload bytes exceeds frame-max {frameMax}"),
        FrameParseStatus.UnknownFrameType => AmqpProtocolException.Frame($"unknown frame type {(byte)header.Type}"),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an error status"),
    };

    /// <summary>
    /// Checks the 8-byte protocol header a client sends first. Returns false when fewer than 8 bytes are buffered;
    /// otherwise consumes them and reports whether they were "AMQP\0\0\x09\x01" (when not, the server answers with
    /// its own header and closes, as the spec says).
    /// </summary>
    public static bool TryReadProtocolHeader(ref SequenceReader<byte> reader, out bool supported)
    {
        Span<byte> raw = stackalloc byte[8];
        if (!reader.TryCopyTo(raw))
        {
            supported = false;
            return false;
        }

        reader.Advance(8);
        supported = raw.SequenceEqual(AmqpConstants.ProtocolHeader);
        return true;
    }
}
