using System.Buffers;
using System.Text;

namespace Fabric.Broker.Routing;

/// <summary>
/// Content equality of AMQP field values (binding arguments, message headers), close to Erlang's <c>==</c> that
/// RabbitMQ uses: integers of any width are equal when their values are (so a short 5 equals a long 5);
/// float/double compare by value with each other and with integers; decimals with decimals; byte[] by bytes;
/// a string equals a byte[] holding its UTF-8; tables by content regardless of order; arrays element-wise.
/// </summary>
internal static class FieldValues
{
    public static bool TableEquals(IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        foreach (var pair in a)
        {
            if (!b.TryGetValue(pair.Key, out var other) || !ContentEquals(pair.Value, other)) return false;
        }
        return true;
    }

    public static bool ContentEquals(object? a, object? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        switch (a)
        {
            case string sa:
                return b switch
                {
                    string sb => string.Equals(sa, sb, StringComparison.Ordinal),
                    byte[] bb => Utf8Equals(sa, bb),
                    _ => false,
                };
            case byte[] ba:
                return b switch
                {
                    byte[] bb => ba.AsSpan().SequenceEqual(bb),
                    string sb => Utf8Equals(sb, ba),
                    _ => false,
                };
            case bool xa:
                return b is bool xb && xa == xb;
            case IReadOnlyDictionary<string, object?> ta:
                return b is IReadOnlyDictionary<string, object?> tb && TableEquals(ta, tb);
            case IReadOnlyList<object?> la:
                return b is IReadOnlyList<object?> lb && ListEquals(la, lb);
        }
        if (TryInteger(a, out var ia))
        {
            if (TryInteger(b, out var ib)) return ia == ib;
            return TryFloat(b, out var fb) && (double)ia == fb;
        }
        if (TryFloat(a, out var fa))
        {
            if (TryFloat(b, out var fb)) return fa == fb;
            return TryInteger(b, out var ib) && fa == (double)ib;
        }
        return a.Equals(b);
    }

    private static bool ListEquals(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!ContentEquals(a[i], b[i])) return false;
        }
        return true;
    }

    private static bool TryInteger(object o, out Int128 value)
    {
        switch (o)
        {
            case int v: value = v; return true;
            case long v: value = v; return true;
            case short v: value = v; return true;
            case sbyte v: value = v; return true;
            case byte v: value = v; return true;
            case ushort v: value = v; return true;
            case uint v: value = v; return true;
            case ulong v: value = v; return true;
            default: value = default; return false;
        }
    }

    private static bool TryFloat(object o, out double value)
    {
        switch (o)
        {
            case double v: value = v; return true;
            case float v: value = v; return true;
            default: value = default; return false;
        }
    }

    private static bool Utf8Equals(string s, byte[] utf8)
    {
        if (Encoding.UTF8.GetByteCount(s) != utf8.Length) return false;
        byte[]? rented = null;
        var buffer = utf8.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(utf8.Length));
        try
        {
            var written = Encoding.UTF8.GetBytes(s, buffer);
            return buffer[..written].SequenceEqual(utf8);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
