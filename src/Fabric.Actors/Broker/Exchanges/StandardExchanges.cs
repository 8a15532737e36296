using Fabric.Broker.Routing;

namespace Fabric.Broker.Exchanges;

/// <summary>The exchanges every vhost has from the start, as RabbitMQ pre-declares them (all durable).</summary>
internal static class StandardExchanges
{
    public const string Default = "";

    /// <summary>Name, type and internal flag of each pre-declared exchange besides the default one.</summary>
    public static readonly (string Name, string Type, bool Internal)[] Predeclared =
    [
        ("amq.direct", ExchangeType.Direct, false),
        ("amq.fanout", ExchangeType.Fanout, false),
        ("amq.topic", ExchangeType.Topic, false),
        ("amq.headers", ExchangeType.Headers, false),
        ("amq.match", ExchangeType.Headers, false),
        ("amq.rabbitmq.trace", ExchangeType.Topic, true),
    ];

    /// <summary>Names clients may not declare or delete ("amq." prefix).</summary>
    public static bool IsReserved(string name) => name.StartsWith("amq.", StringComparison.Ordinal);
}
