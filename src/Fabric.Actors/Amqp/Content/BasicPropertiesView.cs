using System.Buffers.Binary;
using System.Text;
using Fabric.Amqp.Tables;
using Fabric.Amqp.Wire;

namespace Fabric.Amqp.Content;

/// <summary>
/// A cheap, allocation-free reader over basic properties in wire form. One pass on construction validates the
/// structure (502 SYNTAX_ERROR on malformed input) and records where each property's value starts; accessors
/// then read single fields without materialising the rest. <see cref="WithHeaders"/> re-encodes with new headers.
/// </summary>
public ref struct BasicPropertiesView
{
    internal const int PropertyCount = 14;

    private readonly ReadOnlySpan<byte> _raw;
    private PropertyOffsets _offsets;

    public BasicPropertiesView(ReadOnlySpan<byte> rawProperties)
    {
        _raw = rawProperties;
        var reader = new AmqpReader(rawProperties);
        Flags = ReadFlags(ref reader);
        for (int i = 0; i < PropertyCount; i++)
        {
            if (((ushort)Flags & FlagOf(i)) == 0)
            {
                _offsets[i] = -1;
                continue;
            }

            _offsets[i] = reader.Position;
            switch (KindOf(i))
            {
                case PropertyKind.ShortString: reader.ReadShortStringBytes(); break;
                case PropertyKind.Octet: reader.ReadOctet(); break;
                case PropertyKind.Timestamp: reader.ReadLongLong(); break;
                default: reader.ReadTableBytes(); break;
            }
        }

        reader.EnsureEnd();
    }

    public BasicPropertyFlags Flags { get; }

    public readonly bool Has(BasicPropertyFlags property) => (Flags & property) != 0;

    public readonly byte? DeliveryMode => Octet(3);

    public readonly byte? Priority => Octet(4);

    /// <summary>delivery-mode 2.</summary>
    public readonly bool IsPersistent => DeliveryMode == 2;

    public readonly AmqpTimestamp? Timestamp
    {
        get
        {
            int at = _offsets[9];
            return at < 0 ? null : new AmqpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(_raw.Slice(at)));
        }
    }

    public readonly string? Expiration => GetShortString(BasicPropertyFlags.Expiration);

    /// <summary>
    /// Parses expiration as RabbitMQ does: a non-negative integer of milliseconds written in decimal digits.
    /// False when absent or malformed; check <see cref="Has"/> to tell the two apart (malformed: 406).
    /// </summary>
    public readonly bool TryGetExpirationMilliseconds(out long milliseconds)
    {
        milliseconds = 0;
        var text = GetShortStringBytes(BasicPropertyFlags.Expiration);
        if (text.IsEmpty || text.Length > 18)
        {
            return false;
        }

        foreach (byte c in text)
        {
            if (c < '0' || c > '9')
            {
                milliseconds = 0;
                return false;
            }

            milliseconds = (milliseconds * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>The headers table decoded (allocates); null when absent.</summary>
    public readonly FieldTable? Headers
    {
        get
        {
            int at = _offsets[2];
            if (at < 0)
            {
                return null;
            }

            var reader = new AmqpReader(_raw.Slice(at));
            return reader.ReadTable();
        }
    }

    /// <summary>The encoded headers table including its 4-byte length (empty when absent).</summary>
    public readonly ReadOnlySpan<byte> HeadersBytes => RawValue(2);

    /// <summary>UTF-8 bytes of a short-string property (empty when absent).</summary>
    public readonly ReadOnlySpan<byte> GetShortStringBytes(BasicPropertyFlags property)
    {
        int i = IndexOf(property);
        if (KindOf(i) != PropertyKind.ShortString)
        {
            throw new ArgumentException($"{property} is not a short-string property.", nameof(property));
        }

        int at = _offsets[i];
        return at < 0 ? default : _raw.Slice(at + 1, _raw[at]);
    }

    public readonly string? GetShortString(BasicPropertyFlags property)
    {
        var bytes = GetShortStringBytes(property);
        return Has(property) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>Materialises every property.</summary>
    public readonly BasicProperties ToProperties() => new()
    {
        ContentType = GetShortString(BasicPropertyFlags.ContentType),
        ContentEncoding = GetShortString(BasicPropertyFlags.ContentEncoding),
        Headers = Headers,
        DeliveryMode = DeliveryMode,
        Priority = Priority,
        CorrelationId = GetShortString(BasicPropertyFlags.CorrelationId),
        ReplyTo = GetShortString(BasicPropertyFlags.ReplyTo),
        Expiration = Expiration,
        MessageId = GetShortString(BasicPropertyFlags.MessageId),
        Timestamp = Timestamp,
        Type = GetShortString(BasicPropertyFlags.Type),
        UserId = GetShortString(BasicPropertyFlags.UserId),
        AppId = GetShortString(BasicPropertyFlags.AppId),
        ClusterId = GetShortString(BasicPropertyFlags.ClusterId),
    };

    /// <summary>
    /// Re-encodes with <paramref name="headers"/> in place of the current headers (null removes them) and
    /// without the properties in <paramref name="remove"/> (e.g. expiration when dead-lettering). Every other
    /// property is copied byte for byte. The result is written as a single flags word.
    /// </summary>
    public readonly byte[] WithHeaders(FieldTable? headers, BasicPropertyFlags remove = BasicPropertyFlags.None)
    {
        var flags = Flags & ~remove & ~BasicPropertyFlags.Headers;
        if (headers is not null)
        {
            flags |= BasicPropertyFlags.Headers;
        }

        int size = 2 + (headers is null ? 0 : AmqpSize.Table(headers));
        for (int i = 0; i < PropertyCount; i++)
        {
            if (i != 2 && ((ushort)flags & FlagOf(i)) != 0)
            {
                size += RawValue(i).Length;
            }
        }

        var result = new byte[size];
        var writer = new AmqpWriter(result);
        writer.WriteShort((ushort)flags);
        for (int i = 0; i < PropertyCount; i++)
        {
            if (((ushort)flags & FlagOf(i)) == 0)
            {
                continue;
            }

            if (i == 2)
            {
                writer.WriteTable(headers);
            }
            else
            {
                writer.WriteBytes(RawValue(i));
            }
        }

        return result;
    }

    /// <summary>
    /// Re-encodes with the short-string <paramref name="property"/> set to <paramref name="value"/> (added when absent);
    /// every other property is copied byte for byte. The result is written as a single flags word.
    /// </summary>
    public readonly byte[] WithShortString(BasicPropertyFlags property, string value)
    {
        int index = IndexOf(property);
        if (KindOf(index) != PropertyKind.ShortString)
        {
            throw new ArgumentException($"{property} is not a short-string property.", nameof(property));
        }

        int valueLength = Encoding.UTF8.GetByteCount(value);
        if (valueLength > byte.MaxValue)
        {
            throw new ArgumentException("A short string holds at most 255 bytes.", nameof(value));
        }

        var flags = Flags | property;
        int size = 2 + 1 + valueLength;
        for (int i = 0; i < PropertyCount; i++)
        {
            if (i != index)
            {
                size += RawValue(i).Length;
            }
        }

        var result = new byte[size];
        var writer = new AmqpWriter(result);
        writer.WriteShort((ushort)flags);
        for (int i = 0; i < PropertyCount; i++)
        {
            if (i == index)
            {
                writer.WriteShortString(value);
            }
            else if (((ushort)flags & FlagOf(i)) != 0)
            {
                writer.WriteBytes(RawValue(i));
            }
        }

        return result;
    }

    internal static ushort FlagOf(int index) => (ushort)(1 << (15 - index));

    internal static PropertyKind KindOf(int index) => index switch
    {
        2 => PropertyKind.Table,
        3 or 4 => PropertyKind.Octet,
        9 => PropertyKind.Timestamp,
        _ => PropertyKind.ShortString,
    };

    private static int IndexOf(BasicPropertyFlags property)
    {
        ushort bits = (ushort)property;
        if (bits == 0 || (bits & (bits - 1)) != 0 || (bits & (ushort)BasicPropertyFlags.All) == 0)
        {
            throw new ArgumentException("Expected exactly one basic property flag.", nameof(property));
        }

        return 15 - System.Numerics.BitOperations.Log2(bits);
    }

    private static BasicPropertyFlags ReadFlags(ref AmqpReader reader)
    {
        ushort first = reader.ReadShort();
        if ((first & 0x0002) != 0)
        {
            throw AmqpProtocolException.Syntax("unknown basic property flag 0x0002");
        }

        // Continuation words may follow; basic has no properties beyond the first word, so they must be empty.
        ushort word = first;
        while ((word & 1) != 0)
        {
            word = reader.ReadShort();
            if ((word & 0xFFFE) != 0)
            {
                throw AmqpProtocolException.Syntax($"unknown basic property flags 0x{word:X4} in a continuation word");
            }
        }

        return (BasicPropertyFlags)(first & (ushort)BasicPropertyFlags.All);
    }

    private readonly byte? Octet(int index)
    {
        int at = _offsets[index];
        return at < 0 ? null : _raw[at];
    }

    /// <summary>The whole encoded value of a property (with its length prefix), empty when absent.</summary>
    private readonly ReadOnlySpan<byte> RawValue(int index)
    {
        int at = _offsets[index];
        if (at < 0)
        {
            return default;
        }

        int end = _raw.Length;
        for (int j = index + 1; j < PropertyCount; j++)
        {
            if (_offsets[j] >= 0)
            {
                end = _offsets[j];
                break;
            }
        }

        return _raw.Slice(at, end - at);
    }
}
