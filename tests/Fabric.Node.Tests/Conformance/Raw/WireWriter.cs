using System.Buffers.Binary;
using System.Text;

namespace Fabric.Node.Tests.Conformance.Raw;

/// <summary>Big-endian AMQP 0-9-1 field encoder for hand-built (and deliberately broken) frames.</summary>
public sealed class WireWriter
{
    private readonly List<byte> _bytes = new();

    public int Length => _bytes.Count;

    public WireWriter Octet(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public WireWriter Short(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        return Raw(b);
    }

    public WireWriter Long(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return Raw(b);
    }

    public WireWriter LongLong(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        return Raw(b);
    }

    public WireWriter ShortStr(string value)
    {
        var b = Encoding.UTF8.GetBytes(value);
        return Octet(checked((byte)b.Length)).Raw(b);
    }

    public WireWriter LongStr(byte[] value) => Long((uint)value.Length).Raw(value);

    public WireWriter LongStr(string value) => LongStr(Encoding.UTF8.GetBytes(value));

    /// <summary>A field table given as already-encoded entries (name + type tag + value).</summary>
    public WireWriter Table(byte[] encodedEntries) => LongStr(encodedEntries);

    public WireWriter EmptyTable() => Long(0);

    public WireWriter Bits(params bool[] bits)
    {
        byte b = 0;
        for (var i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                b |= (byte)(1 << i);
            }
        }

        return Octet(b);
    }

    public WireWriter Raw(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _bytes.Add(b);
        }

        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();
}
