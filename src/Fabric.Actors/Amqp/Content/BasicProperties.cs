using Fabric.Amqp.Tables;
using Fabric.Amqp.Wire;

namespace Fabric.Amqp.Content;

/// <summary>
/// The 14 basic content properties, materialised (null: absent). The broker normally keeps properties in wire
/// form and reads them through <see cref="BasicPropertiesView"/>; this type is for building and full decoding.
/// </summary>
public sealed record BasicProperties
{
    public static readonly BasicProperties Empty = new();

    public string? ContentType { get; init; }
    public string? ContentEncoding { get; init; }
    public FieldTable? Headers { get; init; }
    public byte? DeliveryMode { get; init; }
    public byte? Priority { get; init; }
    public string? CorrelationId { get; init; }
    public string? ReplyTo { get; init; }
    public string? Expiration { get; init; }
    public string? MessageId { get; init; }
    public AmqpTimestamp? Timestamp { get; init; }
    public string? Type { get; init; }
    public string? UserId { get; init; }
    public string? AppId { get; init; }
    public string? ClusterId { get; init; }

    public BasicPropertyFlags Flags
    {
        get
        {
            var flags = BasicPropertyFlags.None;
            for (int i = 0; i < BasicPropertiesView.PropertyCount; i++)
            {
                if (ValueAt(i) is not null)
                {
                    flags |= (BasicPropertyFlags)BasicPropertiesView.FlagOf(i);
                }
            }

            return flags;
        }
    }

    /// <summary>Decodes properties in wire form (flags words + values).</summary>
    public static BasicProperties Decode(ReadOnlySpan<byte> rawProperties) => new BasicPropertiesView(rawProperties).ToProperties();

    /// <summary>An upper bound of the encoded size (exact for everything but UTF-8 of strings).</summary>
    public int MaxEncodedSize()
    {
        int size = 2;
        for (int i = 0; i < BasicPropertiesView.PropertyCount; i++)
        {
            size += ValueAt(i) switch
            {
                null => 0,
                string s => AmqpSize.ShortString(s),
                FieldTable t => AmqpSize.Table(t),
                byte => 1,
                _ => 8,
            };
        }

        return size;
    }

    /// <summary>Encodes flags (one word: all 14 properties fit) and the present values; returns bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        var writer = new AmqpWriter(destination);
        writer.WriteShort((ushort)Flags);
        for (int i = 0; i < BasicPropertiesView.PropertyCount; i++)
        {
            switch (ValueAt(i))
            {
                case null: break;
                case string s: writer.WriteShortString(s); break;
                case FieldTable t: writer.WriteTable(t); break;
                case byte b: writer.WriteOctet(b); break;
                case AmqpTimestamp ts: writer.WriteTimestamp(ts); break;
            }
        }

        return writer.Position;
    }

    /// <summary>The properties in wire form, as the broker stores them.</summary>
    public byte[] ToArray()
    {
        int max = MaxEncodedSize();
        if (max <= 1024)
        {
            Span<byte> buffer = stackalloc byte[max];
            return buffer.Slice(0, WriteTo(buffer)).ToArray();
        }

        var array = new byte[max];
        int written = WriteTo(array);
        return written == max ? array : array.AsSpan(0, written).ToArray();
    }

    private object? ValueAt(int index) => index switch
    {
        0 => ContentType,
        1 => ContentEncoding,
        2 => Headers,
        3 => DeliveryMode,
        4 => Priority,
        5 => CorrelationId,
        6 => ReplyTo,
        7 => Expiration,
        8 => MessageId,
        9 => Timestamp,
        10 => Type,
        11 => UserId,
        12 => AppId,
        _ => ClusterId,
    };
}
