using System.Buffers.Binary;
using System.Text;
using Fabric.Amqp.Tables;

namespace Fabric.Amqp.Wire;

/// <summary>
/// Writes AMQP primitive types into a span that the caller sized from an upper bound
/// (see <see cref="AmqpSize"/>). Strings are encoded straight into the span, without allocating.
/// </summary>
public ref struct AmqpWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public AmqpWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteOctet(byte value) => _buffer[_position++] = value;

    public void WriteShort(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_position), value);
        _position += 2;
    }

    public void WriteLong(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(_position), value);
        _position += 4;
    }

    public void WriteLongLong(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.Slice(_position), value);
        _position += 8;
    }

    public void WriteFloat(float value) => WriteLong((uint)BitConverter.SingleToInt32Bits(value));

    public void WriteDouble(double value) => WriteLongLong((ulong)BitConverter.DoubleToInt64Bits(value));

    public void WriteTimestamp(AmqpTimestamp value) => WriteLongLong(value.UnixSeconds);

    /// <summary>Writes a short string (null is written as empty); more than 255 UTF-8 bytes throws.</summary>
    public void WriteShortString(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            WriteOctet(0);
            return;
        }

        int length = Encoding.UTF8.GetBytes(value, _buffer.Slice(_position + 1));
        if (length > AmqpConstants.ShortStringMaxLength)
        {
            throw ShortStringTooLong(length);
        }

        _buffer[_position] = (byte)length;
        _position += 1 + length;
    }

    /// <summary>Writes pre-encoded UTF-8 bytes as a short string.</summary>
    public void WriteShortString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > AmqpConstants.ShortStringMaxLength)
        {
            throw ShortStringTooLong(utf8.Length);
        }

        WriteOctet((byte)utf8.Length);
        WriteBytes(utf8);
    }

    public void WriteLongString(ReadOnlySpan<byte> value)
    {
        WriteLong((uint)value.Length);
        WriteBytes(value);
    }

    public void WriteLongString(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            WriteLong(0);
            return;
        }

        int length = Encoding.UTF8.GetBytes(value, _buffer.Slice(_position + 4));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(_position), (uint)length);
        _position += 4 + length;
    }

    /// <summary>Writes a field table (null is written as the empty table).</summary>
    public void WriteTable(FieldTable? table) => FieldTableCodec.WriteTable(ref this, table);

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer.Slice(_position));
        _position += value.Length;
    }

    /// <summary>Writes a 32-bit placeholder and returns its offset for <see cref="PatchLong"/>.</summary>
    internal int ReserveLong()
    {
        int at = _position;
        _position += 4;
        return at;
    }

    internal readonly void PatchLong(int at, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(at), value);

    private static ArgumentException ShortStringTooLong(int length) =>
        new($"A short string holds at most {AmqpConstants.ShortStringMaxLength} UTF-8 bytes, got {length}.");
}
