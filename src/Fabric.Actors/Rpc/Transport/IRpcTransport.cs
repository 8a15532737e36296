namespace Fabric.Rpc.Transport;

/// <summary>Handles one received message body (the enveloped JSON).</summary>
public delegate ValueTask RpcMessageHandler(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

/// <summary>
/// What the RPC layer needs from a bus, in the terms of oslo.messaging's amqp driver: publish to a topic
/// exchange, a fanout exchange, straight to a (reply) queue, or as a notification; and listen on direct, topic
/// and fanout queues. Envelopes, dispatching and reply matching live above this, shared by every transport.
/// </summary>
public interface IRpcTransport : IAsyncDisposable
{
    /// <summary>The exchange used when a target names none (oslo's control_exchange, "openstack").</summary>
    string ControlExchange { get; }

    /// <summary>Publishes to a topic exchange (declared on first use) with an optional per-message TTL.</summary>
    Task TopicSendAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, TimeSpan? expiration, CancellationToken cancellationToken = default);

    /// <summary>Publishes to the <c>topic_fanout</c> exchange.</summary>
    Task FanoutSendAsync(string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);

    /// <summary>Publishes straight to a queue (mandatory); <see cref="MessageUndeliverableException"/> when it does not exist.</summary>
    Task DirectSendAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);

    /// <summary>Publishes a notification, declaring the queue named by the routing key so nothing is lost before a listener comes.</summary>
    Task NotifySendAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);

    /// <summary>Declares what <paramref name="spec"/> describes and consumes from it until the result is disposed.</summary>
    Task<IAsyncDisposable> ListenAsync(ListenSpec spec, RpcMessageHandler handler, CancellationToken cancellationToken = default);
}
