using System.Globalization;
using System.Text;

namespace Fabric.Broker.Queues;

/// <summary>The x-arguments of a queue.declare that the queue engine acts on, validated like RabbitMQ.</summary>
public sealed record QueueArguments
{
    public static readonly QueueArguments Default = new();

    /// <summary>x-message-ttl in milliseconds.</summary>
    public long? MessageTtlMs { get; init; }

    /// <summary>x-expires in milliseconds (always positive).</summary>
    public long? ExpiresMs { get; init; }

    public long? MaxLength { get; init; }

    public long? MaxLengthBytes { get; init; }

    public OverflowBehavior Overflow { get; init; } = OverflowBehavior.DropHead;

    public string? DeadLetterExchange { get; init; }

    public string? DeadLetterRoutingKey { get; init; }

    /// <summary>x-max-priority; null or 0 means the queue ignores message priorities.</summary>
    public byte? MaxPriority { get; init; }

    public bool SingleActiveConsumer { get; init; }

    /// <summary>x-queue-type: "classic" or "quorum" (a quorum queue is served by the same engine here).</summary>
    public string QueueType { get; init; } = "classic";

    public long? DeliveryLimit { get; init; }

    // RabbitMQ's check_expiry upper bound (?MAX_EXPIRY_TIMER).
    private const long MaxExpiry = 4294967295L;

    /// <summary>
    /// Validates and reads the arguments. Unknown keys are ignored, as RabbitMQ does. The error text has RabbitMQ's
    /// shape: <c>invalid arg 'x-message-ttl' for queue 'q' in vhost '/': {value_negative,-1}</c>.
    /// </summary>
    public static QueueArgumentsParseResult Parse(
        IReadOnlyDictionary<string, object?>? args, string queueName = "", string virtualHost = "/")
    {
        if (args is null || args.Count == 0)
            return new QueueArgumentsParseResult(Default, null);

        var result = new QueueArguments();
        string? error;

        if (args.TryGetValue("x-expires", out var v))
        {
            if ((error = CheckInt(v, out var n)) is null)
                error = n == 0 ? $"{{value_zero,{n}}}" : CheckExpiry(n);
            if (error is not null) return Fail("x-expires", error, queueName, virtualHost);
            result = result with { ExpiresMs = n };
        }

        if (args.TryGetValue("x-message-ttl", out v))
        {
            if ((error = CheckInt(v, out var n) ?? CheckExpiry(n)) is not null)
                return Fail("x-message-ttl", error, queueName, virtualHost);
            result = result with { MessageTtlMs = n };
        }

        if (args.TryGetValue("x-dead-letter-exchange", out v))
        {
            if ((error = CheckString(v, out var s)) is not null)
                return Fail("x-dead-letter-exchange", error, queueName, virtualHost);
            result = result with { DeadLetterExchange = s };
        }

        if (args.TryGetValue("x-dead-letter-routing-key", out v))
        {
            error = CheckString(v, out var s);
            if (error is null && !args.ContainsKey("x-dead-letter-exchange"))
                error = "routing_key_but_no_dlx_defined";
            if (error is not null) return Fail("x-dead-letter-routing-key", error, queueName, virtualHost);
            result = result with { DeadLetterRoutingKey = s };
        }

        if (args.TryGetValue("x-max-length", out v))
        {
            if ((error = CheckNonNegative(v, out var n)) is not null)
                return Fail("x-max-length", error, queueName, virtualHost);
            result = result with { MaxLength = n };
        }

        if (args.TryGetValue("x-max-length-bytes", out v))
        {
            if ((error = CheckNonNegative(v, out var n)) is not null)
                return Fail("x-max-length-bytes", error, queueName, virtualHost);
            result = result with { MaxLengthBytes = n };
        }

        if (args.TryGetValue("x-max-priority", out v))
        {
            if ((error = CheckNonNegative(v, out var n)) is null && n > byte.MaxValue)
                error = $"{{max_value_exceeded,{n}}}";
            if (error is not null) return Fail("x-max-priority", error, queueName, virtualHost);
            result = result with { MaxPriority = (byte)n };
        }

        if (args.TryGetValue("x-overflow", out v))
        {
            if ((error = CheckString(v, out var s)) is not null)
                return Fail("x-overflow", error, queueName, virtualHost);
            OverflowBehavior overflow;
            switch (s)
            {
                case "drop-head": overflow = OverflowBehavior.DropHead; break;
                case "reject-publish": overflow = OverflowBehavior.RejectPublish; break;
                case "reject-publish-dlx": overflow = OverflowBehavior.RejectPublishDlx; break;
                default: return Fail("x-overflow", "invalid_overflow", queueName, virtualHost);
            }
            result = result with { Overflow = overflow };
        }

        if (args.TryGetValue("x-queue-mode", out v))
        {
            if ((error = CheckString(v, out var s)) is null && s is not ("default" or "lazy"))
                error = "invalid_queue_mode";
            if (error is not null) return Fail("x-queue-mode", error, queueName, virtualHost);
        }

        if (args.TryGetValue("x-single-active-consumer", out v))
        {
            if (v is not bool b) return Fail("x-single-active-consumer", Unacceptable(v), queueName, virtualHost);
            result = result with { SingleActiveConsumer = b };
        }

        if (args.TryGetValue("x-queue-type", out v))
        {
            if ((error = CheckString(v, out var s)) is null && s is not ("classic" or "quorum"))
                error = "invalid_queue_type";
            if (error is not null) return Fail("x-queue-type", error, queueName, virtualHost);
            result = result with { QueueType = s! };
        }

        if (args.TryGetValue("x-delivery-limit", out v))
        {
            if ((error = CheckNonNegative(v, out var n)) is not null)
                return Fail("x-delivery-limit", error, queueName, virtualHost);
            result = result with { DeliveryLimit = n };
        }

        if (args.TryGetValue("x-queue-master-locator", out v))
        {
            if ((error = CheckString(v, out var s)) is null && s is not ("client-local" or "min-masters" or "random"))
                error = "invalid_queue_master_locator";
            if (error is not null) return Fail("x-queue-master-locator", error, queueName, virtualHost);
        }

        // x-ha-policy, x-cancel-on-ha-failover and any other key: accepted and ignored, as RabbitMQ does.
        return new QueueArgumentsParseResult(result, null);
    }

    private static QueueArgumentsParseResult Fail(string key, string error, string queueName, string virtualHost) =>
        new(null, $"invalid arg '{key}' for queue '{queueName}' in vhost '{virtualHost}': {error}");

    private static string? CheckExpiry(long n) =>
        n < 0 ? $"{{value_negative,{n}}}" : n > MaxExpiry ? $"{{value_too_large,{n}}}" : null;

    private static string? CheckNonNegative(object? value, out long n) =>
        CheckInt(value, out n) ?? (n < 0 ? $"{{value_negative,{n}}}" : null);

    /// <summary>Accepts every AMQP integer type, as RabbitMQ's ?INTEGER_ARG_TYPES does.</summary>
    internal static string? CheckInt(object? value, out long n)
    {
        switch (value)
        {
            case sbyte x: n = x; return null;
            case byte x: n = x; return null;
            case short x: n = x; return null;
            case ushort x: n = x; return null;
            case int x: n = x; return null;
            case uint x: n = x; return null;
            case long x: n = x; return null;
            default: n = 0; return Unacceptable(value);
        }
    }

    private static string? CheckString(object? value, out string? s)
    {
        switch (value)
        {
            case string x: s = x; return null;
            case byte[] x: s = Encoding.UTF8.GetString(x); return null;
            case ReadOnlyMemory<byte> x: s = Encoding.UTF8.GetString(x.Span); return null;
            default: s = null; return Unacceptable(value);
        }
    }

    private static string Unacceptable(object? value) =>
        string.Create(CultureInfo.InvariantCulture, $"{{unacceptable_type,{AmqpTypeName(value)}}}");

    /// <summary>RabbitMQ's name for the field-table type a CLR value would be encoded as.</summary>
    internal static string AmqpTypeName(object? value) => value switch
    {
        null => "void",
        bool => "bool",
        sbyte => "byte",
        byte => "unsignedbyte",
        short => "short",
        ushort => "unsignedshort",
        int => "signedint",
        uint => "unsignedint",
        long or ulong => "long",
        float => "float",
        double => "double",
        decimal => "decimal",
        string or byte[] or ReadOnlyMemory<byte> => "longstr",
        DateTime or DateTimeOffset => "timestamp",
        System.Collections.IDictionary or IReadOnlyDictionary<string, object?> => "table",
        System.Collections.IEnumerable => "array",
        _ => value.GetType().Name,
    };
}
