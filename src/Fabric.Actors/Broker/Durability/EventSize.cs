using System.Text;
using Fabric.Amqp.Tables;

namespace Fabric.Broker.Durability;

/// <summary>Exact encoded sizes for <see cref="EventWriter"/>.</summary>
internal static class EventSize
{
    public static int VarUInt(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    public static int VarInt(long value) => VarUInt((ulong)((value << 1) ^ (value >> 63)));

    public static int String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return VarUInt((ulong)length) + length;
    }

    public static int Bytes(int length) => VarUInt((ulong)length) + length;

    public static int Table(FieldTable table) => 4 + table.EncodedSize;

    public static int Ids(ReadOnlySpan<long> ids)
    {
        var size = VarUInt((ulong)ids.Length);
        var previous = 0L;
        foreach (var id in ids)
        {
            size += VarInt(id - previous);
            previous = id;
        }
        return size;
    }
}
