using Fabric.Amqp.Content;
using Fabric.Broker.Messages;

namespace Fabric.Broker.Durability;

/// <summary>
/// Queue event: a persistent message entered a durable queue under its queue-local id. The content-header properties
/// stay in AMQP wire form; <see cref="ExpiresAtMs"/> is absolute (Unix ms; long.MaxValue = never).
/// </summary>
public sealed class MessageEnqueued(
    long id, string exchange, string routingKey, ReadOnlyMemory<byte> properties, ReadOnlyMemory<byte> body, long expiresAtMs)
{
    public MessageEnqueued(long id, Message message, long expiresAtMs)
        : this(id, message.Exchange, message.RoutingKey, message.Properties, message.Body, expiresAtMs)
    {
    }

    public long Id { get; } = id;

    public string Exchange { get; } = exchange;

    public string RoutingKey { get; } = routingKey;

    public ReadOnlyMemory<byte> Properties { get; } = properties;

    public ReadOnlyMemory<byte> Body { get; } = body;

    public long ExpiresAtMs { get; } = expiresAtMs;

    /// <summary>The message as the queue engine holds it (the few parsed fields re-read from the properties).</summary>
    public Message ToMessage()
    {
        var view = new BasicPropertiesView(Properties.Span);
        long? expiration = view.TryGetExpirationMilliseconds(out var ms) ? ms : null;
        return new Message(Exchange, RoutingKey, Properties, Body, view.IsPersistent, view.Priority ?? 0, expiration, view.Headers);
    }

    public override string ToString() => $"MessageEnqueued({Id}, '{Exchange}', '{RoutingKey}', {Body.Length} bytes)";
}
