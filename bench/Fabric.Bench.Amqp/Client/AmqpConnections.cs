using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Client;

/// <summary>The harness's connection settings: no automatic recovery (failures must surface), bounded handshakes.</summary>
internal static class AmqpConnections
{
    public static ConnectionFactory Factory(string url) => new()
    {
        Uri = new Uri(url),
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        HandshakeContinuationTimeout = TimeSpan.FromSeconds(10),
        ContinuationTimeout = TimeSpan.FromSeconds(30),
    };
}
