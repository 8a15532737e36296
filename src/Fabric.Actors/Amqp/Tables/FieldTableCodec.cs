using System.Text;
using Fabric.Amqp.Wire;

namespace Fabric.Amqp.Tables;

/// <summary>Wire encoding of field tables and arrays with RabbitMQ's type tags.</summary>
internal static class FieldTableCodec
{
    /// <summary>Nesting limit for tables/arrays: hostile input must not exhaust the stack.</summary>
    internal const int MaxDepth = 64;

    internal static FieldTable ReadTable(ref AmqpReader reader, int depth)
    {
        var body = reader.ReadLongStringBytes();
        if (body.Length == 0)
        {
            return FieldTable.Empty;
        }

        CheckDepth(depth);
        var inner = new AmqpReader(body);
        var entries = new List<KeyValuePair<string, object?>>();
        while (!inner.End)
        {
            string key = inner.ReadShortString();
            object? value = ReadValue(ref inner, depth + 1);
            entries.Add(new KeyValuePair<string, object?>(key, value));
        }

        return new FieldTable(entries.ToArray());
    }

    internal static object?[] ReadArray(ref AmqpReader reader, int depth)
    {
        var body = reader.ReadLongStringBytes();
        if (body.Length == 0)
        {
            return [];
        }

        CheckDepth(depth);
        var inner = new AmqpReader(body);
        var items = new List<object?>();
        while (!inner.End)
        {
            items.Add(ReadValue(ref inner, depth + 1));
        }

        return items.ToArray();
    }

    internal static object? ReadValue(ref AmqpReader reader, int depth)
    {
        byte tag = reader.ReadOctet();
        switch ((char)tag)
        {
            case 't': return reader.ReadOctet() != 0;
            case 'b': return reader.ReadSByte();
            case 'B': return reader.ReadOctet();
            case 's': return (short)reader.ReadShort();
            case 'u': return reader.ReadShort();
            case 'I': return (int)reader.ReadLong();
            case 'i': return reader.ReadLong();
            case 'l': return (long)reader.ReadLongLong();
            case 'f': return reader.ReadFloat();
            case 'd': return reader.ReadDouble();
            case 'D':
                byte scale = reader.ReadOctet();
                return new AmqpDecimal(scale, (int)reader.ReadLong());
            case 'S': return reader.ReadLongString();
            case 'x': return new AmqpBinary(reader.ReadLongString());
            case 'A': return ReadArray(ref reader, depth);
            case 'T': return reader.ReadTimestamp();
            case 'F': return ReadTable(ref reader, depth);
            case 'V': return null;
            default:
                throw AmqpProtocolException.Syntax($"unknown field-table type tag 0x{tag:X2}");
        }
    }

    internal static void WriteTable(ref AmqpWriter writer, FieldTable? table)
    {
        if (table is null || table.Count == 0)
        {
            writer.WriteLong(0);
            return;
        }

        int at = writer.ReserveLong();
        int start = writer.Position;
        foreach (var entry in table.Entries)
        {
            writer.WriteShortString(entry.Key);
            WriteValue(ref writer, entry.Value);
        }

        writer.PatchLong(at, (uint)(writer.Position - start));
    }

    internal static void WriteValue(ref AmqpWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteOctet((byte)'V'); break;
            case bool v: writer.WriteOctet((byte)'t'); writer.WriteOctet(v ? (byte)1 : (byte)0); break;
            case sbyte v: writer.WriteOctet((byte)'b'); writer.WriteOctet((byte)v); break;
            case byte v: writer.WriteOctet((byte)'B'); writer.WriteOctet(v); break;
            case short v: writer.WriteOctet((byte)'s'); writer.WriteShort((ushort)v); break;
            case ushort v: writer.WriteOctet((byte)'u'); writer.WriteShort(v); break;
            case int v: writer.WriteOctet((byte)'I'); writer.WriteLong((uint)v); break;
            case uint v: writer.WriteOctet((byte)'i'); writer.WriteLong(v); break;
            case long v: writer.WriteOctet((byte)'l'); writer.WriteLongLong((ulong)v); break;
            case float v: writer.WriteOctet((byte)'f'); writer.WriteFloat(v); break;
            case double v: writer.WriteOctet((byte)'d'); writer.WriteDouble(v); break;
            case AmqpDecimal v: writer.WriteOctet((byte)'D'); writer.WriteOctet(v.Scale); writer.WriteLong((uint)v.Unscaled); break;
            case byte[] v: writer.WriteOctet((byte)'S'); writer.WriteLongString(v); break;
            case string v: writer.WriteOctet((byte)'S'); writer.WriteLongString(v); break;
            case AmqpBinary v: writer.WriteOctet((byte)'x'); writer.WriteLongString(v.Bytes); break;
            case AmqpTimestamp v: writer.WriteOctet((byte)'T'); writer.WriteTimestamp(v); break;
            case FieldTable v: writer.WriteOctet((byte)'F'); WriteTable(ref writer, v); break;
            case IReadOnlyList<object?> v:
                writer.WriteOctet((byte)'A');
                int at = writer.ReserveLong();
                int start = writer.Position;
                for (int i = 0; i < v.Count; i++)
                {
                    WriteValue(ref writer, v[i]);
                }

                writer.PatchLong(at, (uint)(writer.Position - start));
                break;
            default:
                throw new ArgumentException($"Type {value.GetType()} cannot be encoded in an AMQP field table.");
        }
    }

    /// <summary>Exact size of a table's entries (without the length prefix).</summary>
    internal static int EntriesSize(FieldTable table)
    {
        int size = 0;
        foreach (var entry in table.Entries)
        {
            size += 1 + Encoding.UTF8.GetByteCount(entry.Key) + ValueSize(entry.Value);
        }

        return size;
    }

    /// <summary>Exact encoded size of a value including its type tag.</summary>
    internal static int ValueSize(object? value) => 1 + value switch
    {
        null => 0,
        bool or sbyte or byte => 1,
        short or ushort => 2,
        int or uint or float => 4,
        long or double or AmqpTimestamp => 8,
        AmqpDecimal => 5,
        byte[] v => 4 + v.Length,
        string v => 4 + Encoding.UTF8.GetByteCount(v),
        AmqpBinary v => 4 + v.Bytes.Length,
        FieldTable v => 4 + v.EncodedSize,
        IReadOnlyList<object?> v => 4 + ListSize(v),
        _ => throw new ArgumentException($"Type {value.GetType()} cannot be encoded in an AMQP field table."),
    };

    private static int ListSize(IReadOnlyList<object?> list)
    {
        int size = 0;
        for (int i = 0; i < list.Count; i++)
        {
            size += ValueSize(list[i]);
        }

        return size;
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw AmqpProtocolException.Syntax($"field tables/arrays nested deeper than {MaxDepth}");
        }
    }
}
