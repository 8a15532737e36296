namespace Fabric.Broker.Messages;

/// <summary>
/// A published message: immutable and shared by reference by every queue it is routed to.
/// The content-header properties stay in AMQP wire form; the few fields the broker reads are
/// parsed once by the publisher side and handed to the constructor.
/// </summary>
public sealed class Message
{
    public Message(
        string exchange,
        string routingKey,
        ReadOnlyMemory<byte> properties,
        ReadOnlyMemory<byte> body,
        bool persistent = false,
        byte priority = 0,
        long? expirationMs = null,
        IReadOnlyDictionary<string, object?>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKey);
        if (expirationMs < 0)
            throw new ArgumentOutOfRangeException(nameof(expirationMs), expirationMs, "Expiration must not be negative.");
        Exchange = exchange;
        RoutingKey = routingKey;
        Properties = properties;
        Body = body;
        Persistent = persistent;
        Priority = priority;
        ExpirationMs = expirationMs;
        Headers = headers;
    }

    /// <summary>The exchange the message was published to ("" for the default exchange).</summary>
    public string Exchange { get; }

    public string RoutingKey { get; }

    /// <summary>Basic content-header property bytes in wire form, flags word included.</summary>
    public ReadOnlyMemory<byte> Properties { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>delivery-mode 2.</summary>
    public bool Persistent { get; }

    public byte Priority { get; }

    /// <summary>The per-message <c>expiration</c> property in milliseconds, if any.</summary>
    public long? ExpirationMs { get; }

    /// <summary>The <c>headers</c> property as a decoded field table, if any.</summary>
    public IReadOnlyDictionary<string, object?>? Headers { get; }

    public int BodySize => Body.Length;
}
