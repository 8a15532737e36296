using Fabric.Amqp.Content;

namespace Fabric.Amqp.Client;

/// <summary>A mandatory message the broker could not route (basic.return with its content).</summary>
public sealed record AmqpReturnedMessage(
    ushort ReplyCode,
    string ReplyText,
    string Exchange,
    string RoutingKey,
    BasicProperties Properties,
    ReadOnlyMemory<byte> Body);
