using Fabric.Amqp.Content;
using Fabric.Broker.Messages;

namespace Fabric.Broker.Durability;

/// <summary>
/// Queue event: a persistent message entered a durable queue under its queue-local id. The content-header properties
/// stay in AMQP wire form; <see cref="ExpiresAtMs"/> is absolute (Unix ms; long.MaxValue = never). It holds the
/// <see cref="Message"/> itself (shared with the queue engine), so a journalled message costs one small object more.
/// </summary>
public sealed class MessageEnqueued(long id, Message message, long expiresAtMs)
{
    /// <summary>A decoded message: the few fields the broker reads are parsed from the properties once, here.</summary>
    public MessageEnqueued(
        long id, string exchange, string routingKey, ReadOnlyMemory<byte> properties, ReadOnlyMemory<byte> body, long expiresAtMs)
        : this(id, Parse(exchange, routingKey, properties, body), expiresAtMs)
    {
    }

    public long Id { get; } = id;

    public string Exchange => Message.Exchange;

    public string RoutingKey => Message.RoutingKey;

    public ReadOnlyMemory<byte> Properties => Message.Properties;

    public ReadOnlyMemory<byte> Body => Message.Body;

    public long ExpiresAtMs { get; } = expiresAtMs;

    /// <summary>The message as the queue engine holds it.</summary>
    public Message Message { get; } = message;

    public Message ToMessage() => Message;

    public override string ToString() => $"MessageEnqueued({Id}, '{Exchange}', '{RoutingKey}', {Body.Length} bytes)";

    private static Message Parse(string exchange, string routingKey, ReadOnlyMemory<byte> properties, ReadOnlyMemory<byte> body)
    {
        var view = new BasicPropertiesView(properties.Span);
        long? expiration = view.TryGetExpirationMilliseconds(out var ms) ? ms : null;
        return new Message(exchange, routingKey, properties, body, view.IsPersistent, view.Priority ?? 0, expiration, view.Headers);
    }
}
