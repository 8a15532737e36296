using System.Globalization;
using System.Text;
using Fabric.Amqp.Tables;
using Fabric.Broker.Queues;

namespace Fabric.Broker.VirtualHosts;

/// <summary>
/// RabbitMQ's check that a redeclare's arguments match the entity's, over the keys that matter: integer types
/// are interchangeable (type classes), values must be equal, and a key present on one side only is a difference.
/// Returns the 406 text, or null when equivalent.
/// </summary>
internal static class ArgumentEquivalence
{
    /// <summary>The queue arguments RabbitMQ 3.x compares on redeclare (x-queue-type is checked separately).</summary>
    public static readonly string[] QueueKeys =
    [
        "x-expires", "x-message-ttl", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-length",
        "x-max-length-bytes", "x-max-in-memory-length", "x-max-in-memory-bytes", "x-max-priority", "x-overflow",
        "x-queue-mode", "x-queue-version", "x-single-active-consumer", "x-quorum-initial-group-size", "x-max-age",
        "x-stream-max-segment-size-bytes", "x-initial-cluster-size", "x-queue-leader-locator",
    ];

    public static readonly string[] ExchangeKeys = ["alternate-exchange"];

    public static string? Check(FieldTable current, FieldTable received, string[] keys, string described)
    {
        foreach (var key in keys)
        {
            var hasCurrent = current.TryGetValue(key, out var c);
            var hasReceived = received.TryGetValue(key, out var r);
            if (!hasCurrent && !hasReceived) continue;
            if (hasCurrent && hasReceived)
            {
                if (TypeClass(c) == TypeClass(r) && ValuesEqual(c, r)) continue;
                return $"inequivalent arg '{key}' for {described}: received '{Format(r)}' but current is '{Format(c)}'";
            }
            return $"inequivalent arg '{key}' for {described}: received {Describe(hasReceived, r)} but current is "
                   + Describe(hasCurrent, c);
        }
        return null;
    }

    /// <summary>x-queue-type, where absent means classic.</summary>
    public static string? CheckQueueType(FieldTable current, FieldTable received, string described)
    {
        var c = QueueType(current);
        var r = QueueType(received);
        return c == r ? null : $"inequivalent arg 'x-queue-type' for {described}: received '{r}' but current is '{c}'";
    }

    private static string QueueType(FieldTable args) =>
        args.TryGetValue("x-queue-type", out var value) && value is not null ? Format(value) : "classic";

    private static string Describe(bool present, object? value) =>
        present ? $"the value '{Format(value)}' of type '{QueueArguments.AmqpTypeName(value)}'" : "none";

    private static string TypeClass(object? value) => value switch
    {
        sbyte or byte or short or ushort or int or uint or long or ulong => "int",
        float or double => "float",
        _ => QueueArguments.AmqpTypeName(value),
    };

    private static bool ValuesEqual(object? a, object? b)
    {
        if (QueueArguments.CheckInt(a, out var x) is null && QueueArguments.CheckInt(b, out var y) is null) return x == y;
        if (a is float or double && b is float or double)
            return Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
        return FieldValue.AreEqual(a, b);
    }

    private static string Format(object? value) => value switch
    {
        null => "undefined",
        bool b => b ? "true" : "false",
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
