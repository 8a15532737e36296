using System.Text.Json;
using Fabric.Rpc.Envelope;
using Fabric.Rpc.Transport;

namespace Fabric.Rpc.Notifications;

/// <summary>Handles one notification; throwing requeues it (oslo's NotificationResult.REQUEUE).</summary>
public delegate ValueTask NotificationHandler(Notification notification, CancellationToken cancellationToken);

/// <summary>
/// Consumes <c>&lt;topic&gt;.&lt;priority&gt;</c> queues for each target (oslo's notification listener). With a pool
/// name, all of them feed one shared queue of that name (listeners in one pool share the work).
/// </summary>
public sealed class NotificationListener : IAsyncDisposable
{
    private readonly IRpcTransport _transport;
    private readonly Target[] _targets;
    private readonly NotificationHandler _handler;
    private readonly string? _pool;
    private readonly string[] _priorities;
    private readonly UniqueIdCache _seen = new();
    private readonly List<IAsyncDisposable> _listeners = [];

    public NotificationListener(IRpcTransport transport, IEnumerable<Target> targets, NotificationHandler handler, string? pool = null, IEnumerable<string>? priorities = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(handler);
        _transport = transport;
        _targets = [.. targets];
        _handler = handler;
        _pool = pool;
        _priorities = priorities is null ? [.. NotificationPriority.All] : [.. priorities];
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        RpcMessageHandler handler = OnMessageAsync;
        foreach (var target in _targets)
        {
            string exchange = target.Exchange ?? _transport.ControlExchange;
            foreach (var priority in _priorities)
            {
                string routingKey = target.Topic + "." + priority.ToLowerInvariant();
                _listeners.Add(await _transport.ListenAsync(
                    ListenSpec.Topic(exchange, routingKey, _pool, ackAfterHandling: true), handler, cancellationToken).ConfigureAwait(false));
            }
        }
    }

    public async Task StopAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _listeners.Clear();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async ValueTask OnMessageAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        Notification notification;
        try
        {
            notification = Notification.Parse(body);
        }
        catch (Exception e) when (e is JsonException or RpcException)
        {
            // Not a notification: acknowledged and dropped (requeueing would loop forever).
            return;
        }

        if (_seen.Contains(notification.UniqueId))
        {
            return;
        }

        await _handler(notification, cancellationToken).ConfigureAwait(false);
        _seen.Add(notification.UniqueId);
    }
}
