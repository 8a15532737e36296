using RabbitMQ.Client;

namespace Fabric.Node.Tests.Conformance;

/// <summary>A delivered message copied out of the client's buffers (they are only valid inside the callback).</summary>
public sealed record Delivery(
    string ConsumerTag,
    ulong DeliveryTag,
    bool Redelivered,
    string Exchange,
    string RoutingKey,
    IReadOnlyBasicProperties Properties,
    byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
