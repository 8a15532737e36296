using System.Buffers.Binary;
using System.Text;
using Fabric.Amqp;
using Fabric.Amqp.Tables;
using Fabric.Amqp.Wire;

namespace Fabric.Broker.Durability;

/// <summary>Reads what <see cref="EventWriter"/> wrote; any overrun or malformed value is an <see cref="EventFormatException"/>.</summary>
internal struct EventReader(ReadOnlyMemory<byte> payload, string manifest)
{
    private readonly ReadOnlyMemory<byte> _payload = payload;
    private readonly string _manifest = manifest;
    private int _position;

    public readonly bool End => _position == _payload.Length;

    public byte Byte()
    {
        Need(1);
        return _payload.Span[_position++];
    }

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw Corrupt($"invalid boolean {b}"),
    };

    public ulong VarUInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw Corrupt("varint longer than 10 bytes");
    }

    public long VarInt()
    {
        var raw = VarUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int Length()
    {
        var length = VarUInt();
        if (length > (ulong)(_payload.Length - _position)) throw Corrupt($"length {length} runs past the end");
        return (int)length;
    }

    public long Int64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadInt64LittleEndian(_payload.Span.Slice(_position));
        _position += 8;
        return value;
    }

    public string String()
    {
        var length = Length();
        var value = String(_payload.Span.Slice(_position, length));
        _position += length;
        return value;
    }

    private readonly string String(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Corrupt("invalid UTF-8 in a string");
        }
    }

    /// <summary>A string, reusing <paramref name="recent"/>'s instance when the bytes are the same (names repeat in a batch).</summary>
    public string String(ref RecentString recent)
    {
        var length = Length();
        var bytes = _payload.Slice(_position, length);
        if (recent.Value is not { } value || !bytes.Span.SequenceEqual(recent.Bytes.Span))
        {
            value = String(bytes.Span);
            recent = new RecentString(bytes, value);
        }
        _position += length;
        return value;
    }

    /// <summary>A slice of the payload (no copy).</summary>
    public ReadOnlyMemory<byte> Bytes()
    {
        var length = Length();
        var slice = _payload.Slice(_position, length);
        _position += length;
        return slice;
    }

    public FieldTable Table()
    {
        var span = _payload.Span.Slice(_position);
        var reader = new AmqpReader(span);
        try
        {
            var table = reader.ReadTable();
            _position += reader.Position;
            return table;
        }
        catch (AmqpProtocolException e)
        {
            throw Corrupt("bad field table: " + e.Message);
        }
    }

    public long[] Ids()
    {
        var count = Length(); // every id takes at least one byte
        var ids = new long[count];
        var previous = 0L;
        for (var i = 0; i < count; i++)
        {
            previous += VarInt();
            ids[i] = previous;
        }
        return ids;
    }

    public readonly void EnsureEnd()
    {
        if (!End) throw Corrupt($"{_payload.Length - _position} unexpected bytes after the end");
    }

    public readonly EventFormatException Corrupt(string what) =>
        new($"Stored event '{_manifest}' is corrupt ({_payload.Length} bytes, at offset {_position}): {what}.");

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly void Need(int count)
    {
        if (_payload.Length - _position < count) throw Corrupt("truncated");
    }
}

/// <summary>The last string an <see cref="EventReader"/> decoded at one place, with its bytes.</summary>
internal readonly record struct RecentString(ReadOnlyMemory<byte> Bytes, string? Value);
