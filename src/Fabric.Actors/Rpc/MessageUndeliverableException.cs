namespace Fabric.Rpc;

/// <summary>A mandatory message (a reply) could not be routed: its queue does not exist (oslo's MessageUndeliverable).</summary>
public sealed class MessageUndeliverableException : RpcException
{
    public MessageUndeliverableException(string exchange, string routingKey, Exception? inner = null)
        : base($"Message to exchange '{exchange}' with routing key '{routingKey}' could not be delivered.", inner)
    {
        Exchange = exchange;
        RoutingKey = routingKey;
    }

    public string Exchange { get; }
    public string RoutingKey { get; }
}
