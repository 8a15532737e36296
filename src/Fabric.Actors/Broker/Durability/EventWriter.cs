using System.Buffers.Binary;
using System.Text;
using Fabric.Amqp.Tables;
using Fabric.Amqp.Wire;

namespace Fabric.Broker.Durability;

/// <summary>
/// Writes the compact event format into an exactly sized buffer (see <see cref="EventSize"/>): unsigned LEB128
/// varints, zigzag varints for signed values, strings and byte strings as varint length + bytes, field tables in
/// AMQP wire form (4-byte length + entries).
/// </summary>
internal ref struct EventWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _position;

    public readonly int Position => _position;

    public void Byte(byte value) => _buffer[_position++] = value;

    public void Bool(bool value) => _buffer[_position++] = value ? (byte)1 : (byte)0;

    public void VarUInt(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_position++] = (byte)value;
    }

    public void VarInt(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.Slice(_position), value);
        _position += 8;
    }

    public void String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        VarUInt((ulong)length);
        _position += Encoding.UTF8.GetBytes(value, _buffer.Slice(_position));
    }

    /// <summary>Writes again what was written at [<paramref name="start"/>, +<paramref name="length"/>).</summary>
    public void Repeat(int start, int length)
    {
        _buffer.Slice(start, length).CopyTo(_buffer.Slice(_position));
        _position += length;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        VarUInt((ulong)value.Length);
        value.CopyTo(_buffer.Slice(_position));
        _position += value.Length;
    }

    public void Table(FieldTable table)
    {
        var writer = new AmqpWriter(_buffer.Slice(_position));
        writer.WriteTable(table);
        _position += writer.Position;
    }

    /// <summary>Ids as a count and zigzag deltas from the previous id (ascending runs cost a byte each).</summary>
    public void Ids(ReadOnlySpan<long> ids)
    {
        VarUInt((ulong)ids.Length);
        var previous = 0L;
        foreach (var id in ids)
        {
            VarInt(id - previous);
            previous = id;
        }
    }
}
