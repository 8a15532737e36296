using Fabric.Amqp;

namespace Fabric.Broker.VirtualHosts;

/// <summary>
/// The broker's refusals with RabbitMQ's texts. The text carries no "NOT_FOUND - " style prefix: the connection
/// writes <c>ReplyCode.Name(code) + " - " + text</c>, as for codec errors.
/// </summary>
internal static class BrokerErrors
{
    public static AmqpProtocolException Error(ushort code, string text, MethodId method) =>
        new(code, text, method.ClassId, method.Method);

    public static string Describe(string kind, string name, string virtualHost) =>
        $"{kind} '{name}' in vhost '{virtualHost}'";

    /// <summary>403's text for a permission the user lacks: "access to queue 'q' in vhost '/' refused for user 'u'".</summary>
    public static string AccessRefusedText(string kind, string name, string virtualHost, string user) =>
        $"access to {Describe(kind, name, virtualHost)} refused for user '{user}'";

    public static AmqpProtocolException NoExchange(string name, string virtualHost, MethodId method) =>
        Error(ReplyCode.NotFound, "no " + Describe("exchange", name, virtualHost), method);

    public static AmqpProtocolException NoQueue(string name, string virtualHost, MethodId method) =>
        Error(ReplyCode.NotFound, "no " + Describe("queue", name, virtualHost), method);

    public static AmqpProtocolException DefaultExchange(MethodId method) =>
        Error(ReplyCode.AccessRefused, "operation not permitted on the default exchange", method);

    public static AmqpProtocolException ReservedName(string kind, string name, MethodId method) =>
        Error(ReplyCode.AccessRefused, $"{kind} name '{name}' contains reserved prefix 'amq.*'", method);

    public static AmqpProtocolException QueueLocked(string name, string virtualHost, MethodId method) =>
        Error(ReplyCode.ResourceLocked,
            "cannot obtain exclusive access to locked " + Describe("queue", name, virtualHost)
            + ". It could be originally declared on another connection or the exclusive property value does not"
            + " match that of the original declaration.", method);

    /// <summary>406 for a redeclare whose flag differs: "inequivalent arg 'durable' for queue 'q' in vhost '/': ...".</summary>
    public static AmqpProtocolException InequivalentFlag(string argument, string described, bool received, bool current,
        MethodId method) =>
        Error(ReplyCode.PreconditionFailed,
            $"inequivalent arg '{argument}' for {described}: received '{Bool(received)}' but current is '{Bool(current)}'",
            method);

    private static string Bool(bool value) => value ? "true" : "false";
}
