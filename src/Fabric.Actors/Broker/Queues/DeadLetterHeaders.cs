using System.Collections;
using System.Globalization;
using System.Text;
using Fabric.Broker.Messages;

namespace Fabric.Broker.Queues;

/// <summary>
/// RabbitMQ's dead-lettering bookkeeping as pure functions over decoded header tables. Value types produced:
/// strings as <see cref="string"/>, <c>count</c> as <see cref="long"/>, <c>time</c> as a whole-second
/// <see cref="DateTimeOffset"/> (AMQP timestamp), arrays as <c>object?[]</c>, tables as
/// <c>Dictionary&lt;string, object?&gt;</c>. The dead-lettered copy must also drop the <c>expiration</c> property
/// (kept in the x-death entry as <c>original-expiration</c>); the codec re-encodes the properties.
/// </summary>
public static class DeadLetterHeaders
{
    public const string XDeath = "x-death";

    /// <summary>
    /// The headers of the dead-lettered copy: the (queue, reason) entry of x-death is counted up and moved to the
    /// front (or a new entry with count 1 is prepended); x-first-death-* are set on the first death only;
    /// x-last-death-* every time; CC is removed when a dead-letter routing key replaces the routing keys.
    /// </summary>
    public static Dictionary<string, object?> Build(
        Message message, string queueName, DeadLetterReason reason, DateTimeOffset now,
        string? deadLetterRoutingKey = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(queueName);
        var old = message.Headers;
        var headers = old is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(old);
        var reasonText = reason.ToWireString();

        var entry = new Dictionary<string, object?>
        {
            ["count"] = 1L,
            ["reason"] = reasonText,
            ["queue"] = queueName,
            ["time"] = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()),
            ["exchange"] = message.Exchange,
            ["routing-keys"] = RoutingKeys(message, includeBcc: false).ToArray(),
        };
        if (message.ExpirationMs is { } expiration)
            entry["original-expiration"] = expiration.ToString(CultureInfo.InvariantCulture);

        if (deadLetterRoutingKey is not null) headers.Remove("CC");

        if (!headers.TryGetValue(XDeath, out var existing) || existing is null)
        {
            headers["x-first-death-reason"] = reasonText;
            headers["x-first-death-queue"] = queueName;
            headers["x-first-death-exchange"] = message.Exchange;
            headers[XDeath] = new object?[] { entry };
        }
        else if (existing is IEnumerable deaths and not string and not byte[])
        {
            var updated = new List<object?> { entry };
            foreach (var death in deaths)
            {
                if (death is IEnumerable<KeyValuePair<string, object?>> table
                    && AsString(Lookup(table, "queue")) == queueName && AsString(Lookup(table, "reason")) == reasonText)
                {
                    var copy = new Dictionary<string, object?>();
                    foreach (var pair in table) copy[pair.Key] = pair.Value;
                    copy["count"] = AsLong(Lookup(table, "count")) + 1;
                    updated[0] = copy;
                }
                else
                {
                    updated.Add(death);
                }
            }
            headers[XDeath] = updated.ToArray();
        }
        else
        {
            // Not an array (a client re-published it mangled): reset, as RabbitMQ does.
            headers[XDeath] = new object?[] { entry };
        }

        headers["x-last-death-reason"] = reasonText;
        headers["x-last-death-queue"] = queueName;
        headers["x-last-death-exchange"] = message.Exchange;
        return headers;
    }

    /// <summary>The routing keys the dead-lettered copy is published with to the DLX.</summary>
    public static IReadOnlyList<string> DeadLetterRoutingKeys(Message message, string? deadLetterRoutingKey)
    {
        ArgumentNullException.ThrowIfNull(message);
        return deadLetterRoutingKey is null ? RoutingKeys(message, includeBcc: true) : new[] { deadLetterRoutingKey };
    }

    /// <summary>
    /// Whether dead-lettering the message into <paramref name="queueName"/> closes a fully automatic cycle
    /// (the queue is already in x-death and no death since then was a rejection); RabbitMQ drops such messages.
    /// </summary>
    public static bool IsDeathCycle(IReadOnlyDictionary<string, object?>? headers, string queueName)
    {
        if (headers is null || !headers.TryGetValue(XDeath, out var value)
            || value is not IEnumerable deaths || value is string or byte[])
            return false;
        foreach (var death in deaths)
        {
            if (death is not IEnumerable<KeyValuePair<string, object?>> table) return false;
            if (AsString(Lookup(table, "reason")) == "rejected") return false;
            if (AsString(Lookup(table, "queue")) == queueName) return true;
        }
        return false;
    }

    /// <summary>
    /// The publish routing key followed by the CC header routes, and the BCC ones when routing (x-death records
    /// CC keys but never BCC ones).
    /// </summary>
    private static List<string> RoutingKeys(Message message, bool includeBcc)
    {
        var keys = new List<string> { message.RoutingKey };
        if (message.Headers is { } headers)
        {
            AddRoutes(headers, "CC", keys);
            if (includeBcc) AddRoutes(headers, "BCC", keys);
        }
        return keys;
    }

    private static void AddRoutes(IReadOnlyDictionary<string, object?> headers, string key, List<string> keys)
    {
        if (!headers.TryGetValue(key, out var value) || value is string or byte[] || value is not IEnumerable routes)
            return;
        foreach (var route in routes)
        {
            if (AsString(route) is { } s) keys.Add(s);
        }
    }

    private static object? Lookup(IEnumerable<KeyValuePair<string, object?>> table, string key)
    {
        if (table is IReadOnlyDictionary<string, object?> readOnly)
            return readOnly.TryGetValue(key, out var v) ? v : null;
        if (table is IDictionary<string, object?> dictionary)
            return dictionary.TryGetValue(key, out var v) ? v : null;
        foreach (var pair in table)
        {
            if (pair.Key == key) return pair.Value;
        }
        return null;
    }

    private static string? AsString(object? value) => value switch
    {
        string s => s,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        _ => null,
    };

    private static long AsLong(object? value) =>
        QueueArguments.CheckInt(value, out var n) is null ? n : value is ulong u ? (long)u : 0;
}
