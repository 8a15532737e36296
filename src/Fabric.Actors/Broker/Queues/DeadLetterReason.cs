namespace Fabric.Broker.Queues;

/// <summary>Why a message left a queue for its dead-letter exchange (the x-death <c>reason</c>).</summary>
public enum DeadLetterReason
{
    /// <summary>basic.reject / basic.nack with requeue=false.</summary>
    Rejected,

    /// <summary>Message TTL (queue x-message-ttl or per-message expiration) ran out.</summary>
    Expired,

    /// <summary>x-max-length / x-max-length-bytes overflow.</summary>
    MaxLen,

    /// <summary>x-delivery-limit exceeded.</summary>
    DeliveryLimit,
}

public static class DeadLetterReasonExtensions
{
    /// <summary>The reason as RabbitMQ writes it into x-death.</summary>
    public static string ToWireString(this DeadLetterReason reason) => reason switch
    {
        DeadLetterReason.Rejected => "rejected",
        DeadLetterReason.Expired => "expired",
        DeadLetterReason.MaxLen => "maxlen",
        DeadLetterReason.DeliveryLimit => "delivery_limit",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
