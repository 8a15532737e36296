namespace Fabric.Amqp.Content;

/// <summary>
/// Presence bits of the 14 basic properties in the first property-flags word (first property = bit 15).
/// Bit 0 of each flags word is the continuation bit (another flags word follows).
/// </summary>
[Flags]
public enum BasicPropertyFlags : ushort
{
    None = 0,
    ContentType = 1 << 15,
    ContentEncoding = 1 << 14,
    Headers = 1 << 13,
    DeliveryMode = 1 << 12,
    Priority = 1 << 11,
    CorrelationId = 1 << 10,
    ReplyTo = 1 << 9,
    Expiration = 1 << 8,
    MessageId = 1 << 7,
    Timestamp = 1 << 6,
    Type = 1 << 5,
    UserId = 1 << 4,
    AppId = 1 << 3,
    ClusterId = 1 << 2,
    All = 0xFFFC,
}
