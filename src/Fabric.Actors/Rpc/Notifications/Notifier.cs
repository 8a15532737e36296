using System.Globalization;
using Fabric.Rpc.Envelope;
using Fabric.Rpc.Transport;

namespace Fabric.Rpc.Notifications;

/// <summary>
/// Sends notifications as oslo's Notifier with the messagingv2 driver: to <c>&lt;topic&gt;.&lt;priority&gt;</c>
/// (default topic "notifications") on the control exchange, the queue of that name declared so nothing is lost.
/// </summary>
public sealed class Notifier
{
    private readonly IRpcTransport _transport;
    private readonly string[] _topics;
    private readonly string? _exchange;

    public Notifier(IRpcTransport transport, string publisherId, IEnumerable<string>? topics = null, string? exchange = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(publisherId);
        _transport = transport;
        PublisherId = publisherId;
        _topics = topics is null ? ["notifications"] : [.. topics];
        _exchange = exchange;
    }

    public string PublisherId { get; }

    /// <summary>A notifier with another publisher id (oslo's prepare).</summary>
    public Notifier Prepare(string publisherId) => new(_transport, publisherId, _topics, _exchange);

    public Task AuditAsync(RpcContext context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(context, eventType, payload, NotificationPriority.Audit, cancellationToken);

    public Task DebugAsync(RpcContext context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(context, eventType, payload, NotificationPriority.Debug, cancellationToken);

    public Task InfoAsync(RpcContext context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(context, eventType, payload, NotificationPriority.Info, cancellationToken);

    public Task WarnAsync(RpcContext context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(context, eventType, payload, NotificationPriority.Warn, cancellationToken);

    public Task ErrorAsync(RpcContext context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(context, eventType, payload, NotificationPriority.Error, cancellationToken);

    public Task CriticalAsync(RpcContext context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(context, eventType, payload, NotificationPriority.Critical, cancellationToken);

    public Task SampleAsync(RpcContext context, string eventType, object? payload, CancellationToken cancellationToken = default) =>
        NotifyAsync(context, eventType, payload, NotificationPriority.Sample, cancellationToken);

    public async Task NotifyAsync(RpcContext context, string eventType, object? payload, string priority, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(priority);
        string exchange = _exchange ?? _transport.ControlExchange;
        string messageId = Guid.NewGuid().ToString();

        // str(datetime.utcnow()) as Python prints it.
        var now = DateTime.UtcNow;
        string timestamp = now.ToString(now.Ticks % TimeSpan.TicksPerSecond / 10 == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        foreach (var topic in _topics)
        {
            var body = MessageWriter.Notification(context ?? RpcContext.Empty, messageId, PublisherId, eventType, priority, payload, timestamp, MessageWriter.NewId());
            await _transport.NotifySendAsync(exchange, topic + "." + priority.ToLowerInvariant(), body, cancellationToken).ConfigureAwait(false);
        }
    }
}
