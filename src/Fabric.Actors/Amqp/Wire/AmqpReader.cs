using System.Buffers.Binary;
using System.Text;
using Fabric.Amqp.Tables;

namespace Fabric.Amqp.Wire;

/// <summary>
/// Reads AMQP primitive types from a span. Every read is bounds-checked and a shortfall raises
/// <see cref="AmqpProtocolException"/> (502 SYNTAX_ERROR) before anything is allocated.
/// </summary>
public ref struct AmqpReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public AmqpReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;
    public readonly bool End => _position == _buffer.Length;

    public byte ReadOctet()
    {
        Need(1);
        return _buffer[_position++];
    }

    public sbyte ReadSByte() => (sbyte)ReadOctet();

    public ushort ReadShort()
    {
        Need(2);
        var v = BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(_position));
        _position += 2;
        return v;
    }

    public uint ReadLong()
    {
        Need(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(_position));
        _position += 4;
        return v;
    }

    public ulong ReadLongLong()
    {
        Need(8);
        var v = BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(_position));
        _position += 8;
        return v;
    }

    public float ReadFloat() => BitConverter.Int32BitsToSingle((int)ReadLong());

    public double ReadDouble() => BitConverter.Int64BitsToDouble((long)ReadLongLong());

    public AmqpTimestamp ReadTimestamp() => new(ReadLongLong());

    /// <summary>The raw bytes of a short string (no length prefix), without copying.</summary>
    public ReadOnlySpan<byte> ReadShortStringBytes()
    {
        int length = ReadOctet();
        return ReadBytes(length);
    }

    public string ReadShortString()
    {
        var bytes = ReadShortStringBytes();
        return bytes.Length == 0 ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a short string through an intern cache (no allocation when the name was seen before).</summary>
    public string ReadShortString(ShortStringCache? cache) => cache is null ? ReadShortString() : cache.Get(ReadShortStringBytes());

    /// <summary>The raw bytes of a long string (no length prefix), without copying.</summary>
    public ReadOnlySpan<byte> ReadLongStringBytes()
    {
        uint length = ReadLong();
        if (length > (uint)Remaining)
        {
            throw AmqpProtocolException.Syntax($"long string of {length} bytes exceeds the {Remaining} bytes left");
        }

        return ReadBytes((int)length);
    }

    public byte[] ReadLongString()
    {
        var bytes = ReadLongStringBytes();
        return bytes.Length == 0 ? [] : bytes.ToArray();
    }

    public FieldTable ReadTable() => FieldTableCodec.ReadTable(ref this, 0);

    /// <summary>The encoded table (without its length prefix), without decoding it.</summary>
    public ReadOnlySpan<byte> ReadTableBytes() => ReadLongStringBytes();

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>Method arguments must fill their frame exactly (as RabbitMQ's decoder demands).</summary>
    public readonly void EnsureEnd()
    {
        if (_position != _buffer.Length)
        {
            throw AmqpProtocolException.Syntax($"{Remaining} unexpected trailing bytes after the arguments");
        }
    }

    private readonly void Need(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _position))
        {
            throw AmqpProtocolException.Syntax($"truncated input: needed {count} bytes, {Remaining} left");
        }
    }
}
