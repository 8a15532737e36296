namespace Fabric.Amqp.Client;

/// <summary>A mandatory, confirmed publish came back with basic.return (e.g. 312 NO_ROUTE).</summary>
public sealed class AmqpMessageReturnedException : Exception
{
    public AmqpMessageReturnedException(ushort replyCode, string replyText, string exchange, string routingKey)
        : base($"Message to exchange '{exchange}' with routing key '{routingKey}' was returned: {replyCode} {replyText}")
    {
        ReplyCode = replyCode;
        ReplyText = replyText;
        Exchange = exchange;
        RoutingKey = routingKey;
    }

    public ushort ReplyCode { get; }
    public string ReplyText { get; }
    public string Exchange { get; }
    public string RoutingKey { get; }
}
