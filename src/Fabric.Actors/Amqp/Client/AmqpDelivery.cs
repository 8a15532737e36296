using Fabric.Amqp.Content;

namespace Fabric.Amqp.Client;

/// <summary>A message delivered to a consumer (basic.deliver with its content).</summary>
public sealed class AmqpDelivery
{
    internal AmqpDelivery(string consumerTag, ulong deliveryTag, bool redelivered, string exchange, string routingKey, BasicProperties properties, byte[] body)
    {
        ConsumerTag = consumerTag;
        DeliveryTag = deliveryTag;
        Redelivered = redelivered;
        Exchange = exchange;
        RoutingKey = routingKey;
        Properties = properties;
        Body = body;
    }

    public string ConsumerTag { get; }
    public ulong DeliveryTag { get; }
    public bool Redelivered { get; }
    public string Exchange { get; }
    public string RoutingKey { get; }
    public BasicProperties Properties { get; }
    public ReadOnlyMemory<byte> Body { get; }
}
