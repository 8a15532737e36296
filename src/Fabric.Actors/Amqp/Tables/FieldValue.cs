using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Fabric.Amqp.Tables;

/// <summary>Helpers for field-table values: conversion, normalisation, comparison.</summary>
public static class FieldValue
{
    /// <summary>Text from a long string (<c>byte[]</c>, UTF-8) or a <c>string</c>.</summary>
    public static bool TryGetString(object? value, [NotNullWhen(true)] out string? text)
    {
        switch (value)
        {
            case byte[] bytes:
                text = Encoding.UTF8.GetString(bytes);
                return true;
            case string s:
                text = s;
                return true;
            default:
                text = null;
                return false;
        }
    }

    /// <summary>Any integer value (b B s u I i l) widened to long.</summary>
    public static bool TryGetLong(object? value, out long result)
    {
        switch (value)
        {
            case int v: result = v; return true;
            case long v: result = v; return true;
            case short v: result = v; return true;
            case uint v: result = v; return true;
            case ushort v: result = v; return true;
            case byte v: result = v; return true;
            case sbyte v: result = v; return true;
            default: result = 0; return false;
        }
    }

    /// <summary>
    /// Value equality as a headers exchange needs it: long strings and byte arrays by content, tables and arrays
    /// element-wise, numbers by type and value.
    /// </summary>
    public static bool AreEqual(object? left, object? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        switch (left)
        {
            case null:
                return false;
            case byte[] a:
                return right is byte[] bytes && a.AsSpan().SequenceEqual(bytes);
            case FieldTable a:
                return right is FieldTable table && TablesEqual(a, table);
            case IReadOnlyList<object?> a:
                return right is IReadOnlyList<object?> list && ListsEqual(a, list);
            default:
                return left.Equals(right);
        }
    }

    /// <summary>Maps convenient CLR values to the wire mapping; throws for unsupported types.</summary>
    public static object? Normalize(object? value)
    {
        switch (value)
        {
            case null or bool or sbyte or byte or short or ushort or int or uint or long or float or double
                or AmqpDecimal or AmqpBinary or AmqpTimestamp or FieldTable or byte[]:
                return value;
            case string s:
                return Encoding.UTF8.GetBytes(s);
            case decimal d:
                return AmqpDecimal.FromDecimal(d);
            case DateTimeOffset t:
                return AmqpTimestamp.FromDateTimeOffset(t);
            case DateTime t:
                return AmqpTimestamp.FromDateTimeOffset(new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero));
            case IReadOnlyDictionary<string, object?> map:
                var builder = new FieldTableBuilder();
                foreach (var entry in map)
                {
                    builder.Add(entry.Key, entry.Value);
                }

                return builder.Build();
            case IReadOnlyList<object?> list:
                var array = new object?[list.Count];
                for (int i = 0; i < array.Length; i++)
                {
                    array[i] = Normalize(list[i]);
                }

                return array;
            default:
                throw new ArgumentException($"Type {value.GetType()} cannot be stored in an AMQP field table.");
        }
    }

    internal static string Format(object? value) => value switch
    {
        null => "null",
        byte[] b => "\"" + Encoding.UTF8.GetString(b) + "\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        FieldTable t => t.ToString(),
        IReadOnlyList<object?> list => FormatList(list),
        _ => value.ToString() ?? string.Empty,
    };

    private static string FormatList(IReadOnlyList<object?> list)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < list.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(Format(list[i]));
        }

        return sb.Append(']').ToString();
    }

    private static bool TablesEqual(FieldTable a, FieldTable b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        var x = a.Entries;
        var y = b.Entries;
        for (int i = 0; i < x.Length; i++)
        {
            if (!string.Equals(x[i].Key, y[i].Key, StringComparison.Ordinal) || !AreEqual(x[i].Value, y[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ListsEqual(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!AreEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
