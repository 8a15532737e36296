using System.Buffers;
using System.Buffers.Binary;

namespace Fabric.Amqp.Content;

/// <summary>
/// A content header frame's payload: class id, weight (always 0), body size and the properties in wire form
/// (flags words + values), sliced from the payload without copying.
/// </summary>
public readonly struct ContentHeader
{
    /// <summary>Class id (2) + weight (2) + body size (8).</summary>
    public const int FixedSize = 12;

    public ContentHeader(ushort classId, ushort weight, ulong bodySize, ReadOnlySequence<byte> rawProperties)
    {
        ClassId = classId;
        Weight = weight;
        BodySize = bodySize;
        RawProperties = rawProperties;
    }

    public ushort ClassId { get; }
    public ushort Weight { get; }
    public ulong BodySize { get; }

    /// <summary>Property flags and values as on the wire; read with <see cref="BasicPropertiesView"/>.</summary>
    public ReadOnlySequence<byte> RawProperties { get; }

    /// <summary>Parses the fixed part; a payload too short for it (or for a flags word) is 501 FRAME_ERROR.</summary>
    public static ContentHeader Parse(in ReadOnlySequence<byte> payload)
    {
        if (payload.Length < FixedSize + 2)
        {
            throw AmqpProtocolException.Frame($"content header of {payload.Length} bytes is too short");
        }

        Span<byte> fixedPart = stackalloc byte[FixedSize];
        payload.Slice(0, FixedSize).CopyTo(fixedPart);
        return new ContentHeader(
            BinaryPrimitives.ReadUInt16BigEndian(fixedPart),
            BinaryPrimitives.ReadUInt16BigEndian(fixedPart.Slice(2)),
            BinaryPrimitives.ReadUInt64BigEndian(fixedPart.Slice(4)),
            payload.Slice(FixedSize));
    }
}
