using Fabric.Amqp.Methods;

namespace Fabric.Broker.VirtualHosts;

/// <summary>
/// What RabbitMQ refuses for x-queue-type=quorum (served here by the classic engine, but declared under the same
/// rules so clients see the same answers): only durable, shared, non-auto-delete, client-named queues, and no
/// priorities or lazy mode. Returns the 406 text, or null.
/// </summary>
internal static class QuorumQueueRules
{
    private static readonly string[] UnsupportedArguments = ["x-max-priority", "x-queue-mode"];

    public static string? Check(QueueDeclare method, string name, string virtualHost)
    {
        if (method.Queue.Length == 0) return "Cannot declare a server-named queue for type rabbit_quorum_queue";
        var described = BrokerErrors.Describe("queue", name, virtualHost);
        if (!method.Durable) return $"invalid property 'non-durable' for {described}";
        if (method.Exclusive) return $"invalid property 'exclusive-owner' for {described}";
        if (method.AutoDelete) return $"invalid property 'auto-delete' for {described}";
        foreach (var argument in UnsupportedArguments)
        {
            if (method.Arguments.ContainsKey(argument))
                return $"invalid arg '{argument}' for {described} of queue type rabbit_quorum_queue";
        }
        return null;
    }
}
