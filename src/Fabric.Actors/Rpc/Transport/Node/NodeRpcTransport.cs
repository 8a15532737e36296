using System.Collections.Concurrent;
using System.Globalization;
using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Amqp.Content;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Fabric.Broker.Routing;

namespace Fabric.Rpc.Transport.Node;

/// <summary>
/// The RPC transport for services hosted inside a Fabric node: it speaks to the node's own broker (its vhost's
/// exchanges and queue actors) with no frames and no socket, as an internal connection of
/// <see cref="NodeRpcTransportOptions.User"/>. Declarations, routing, persistence, TTLs and confirms are the broker's,
/// exactly as for an AMQP client, so in-node services and AMQP clients of the node (oslo.messaging in Python, or
/// <see cref="Amqp.AmqpRpcTransport"/>) call each other in both directions. Queues are looked up by name on every use.
/// Nothing here waits synchronously: the connection actor only hands messages on.
/// </summary>
public sealed partial class NodeRpcTransport : IRpcTransport
{
    private static readonly BasicProperties Properties = new()
    {
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        Headers = FieldTable.Empty,
        DeliveryMode = 2,
        Priority = 0,
    };

    [ThreadStatic]
    private static RoutingContext? t_routing;

    [ThreadStatic]
    private static List<QueueHandle>? t_targets;

    private readonly IBroker _broker;
    private readonly IVirtualHost _vhost;
    private readonly SessionInfo _session;
    private readonly OsloDeclarations _declarations;
    private readonly TimeSpan _askTimeout;
    private readonly IActorRef _actor;
    private readonly byte[] _plainProperties = Properties.ToArray();
    private readonly ConcurrentDictionary<ushort, NodeSubscription> _subscriptions = new();
    private readonly ConcurrentDictionary<ulong, PendingConfirm> _confirms = new();
    private readonly ConcurrentDictionary<string, bool> _notificationsDeclared = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private ExpiringProperties? _lastExpiring;
    private long _publishSeqNo;
    private int _lastChannel;

    private NodeRpcTransport(IBroker broker, IVirtualHost vhost, BrokerUser user, NodeRpcTransportOptions options)
    {
        _broker = broker;
        _vhost = vhost;
        _declarations = new OsloDeclarations(options);
        _askTimeout = broker.Settings.Actors.AskTimeout;
        Options = options;
        ConnectionId = broker.NextConnectionId();
        _actor = broker.System.SystemActorOf(Props.Create(() => new NodeConnectionActor(this)),
            "rpc-node-" + ConnectionId.ToString(CultureInfo.InvariantCulture));
        _session = new SessionInfo(ConnectionId, user, vhost.Name, _actor);
    }

    public NodeRpcTransportOptions Options { get; }

    public string ControlExchange => Options.ControlExchange;

    /// <summary>The node-unique id of this internal connection (owner of its channels and of exclusive queues).</summary>
    public long ConnectionId { get; }

    /// <summary>
    /// A transport inside <paramref name="broker"/>'s node. Fails with ACCESS_REFUSED when the internal user has no
    /// access to the vhost, NOT_ALLOWED when the vhost does not exist.
    /// </summary>
    public static NodeRpcTransport Create(IBroker broker, NodeRpcTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        options ??= new NodeRpcTransportOptions();
        var vhost = broker.FindVirtualHost(options.VirtualHost)
            ?? throw new AmqpProtocolException(ReplyCode.NotAllowed, $"vhost {options.VirtualHost} not found");
        // Permissions are checked by user name; an in-node service has no password to present.
        var user = new BrokerUser(options.User, []);
        if (!broker.Access.HasVirtualHostAccess(user, vhost.Name))
        {
            throw new AmqpProtocolException(ReplyCode.AccessRefused,
                $"access to vhost '{vhost.Name}' refused for user '{user.Name}'");
        }

        return new NodeRpcTransport(broker, vhost, user, options);
    }

    public async Task TopicSendAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, TimeSpan? expiration, CancellationToken cancellationToken = default)
    {
        if (_vhost.FindExchange(exchange) is null)
        {
            await DeclareTopicExchangeAsync(exchange).ConfigureAwait(false);
        }

        long? ttl = expiration is { } t ? (long)t.TotalMilliseconds : null;
        await PublishAsync(exchange, routingKey, body, ttl, mandatory: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task FanoutSendAsync(string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        string exchange = topic + "_fanout";
        if (_vhost.FindExchange(exchange) is null)
        {
            await DeclareFanoutExchangeAsync(exchange).ConfigureAwait(false);
        }

        await PublishAsync(exchange, "", body, null, mandatory: false, cancellationToken).ConfigureAwait(false);
    }

    public Task DirectSendAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        PublishAsync("", queue, body, null, mandatory: true, cancellationToken);

    public async Task NotifySendAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        // As oslo: make sure a queue named like the topic exists and is bound, so notifications wait for a listener
        // (once per transport, as once per connection; again when the exchange or queue went).
        string key = exchange + "/" + routingKey;
        if (!_notificationsDeclared.ContainsKey(key) || _vhost.FindExchange(exchange) is null || _vhost.FindQueue(routingKey) is null)
        {
            await DeclareTopicExchangeAsync(exchange).ConfigureAwait(false);
            await DeclareSharedQueueAsync(exchange, routingKey, routingKey).ConfigureAwait(false);
            _notificationsDeclared.TryAdd(key, true);
        }

        await PublishAsync(exchange, routingKey, body, null, mandatory: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IAsyncDisposable> ListenAsync(ListenSpec spec, RpcMessageHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var subscription = new NodeSubscription(this, spec, handler);
        try
        {
            await subscription.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return subscription;
    }

    /// <summary>Cancels every listener (their unacked messages go back to the queues), then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        var stopping = new List<Task>();
        foreach (var subscription in _subscriptions.Values)
        {
            stopping.Add(subscription.DisposeAsync().AsTask());
        }

        await Task.WhenAll(stopping).ConfigureAwait(false);

        // As a closing AMQP connection: exclusive queues go.
        _vhost.ConnectionClosed(ConnectionId);
        foreach (var pending in _confirms.Values)
        {
            pending.TrySetException(new ObjectDisposedException(nameof(NodeRpcTransport)));
        }

        _confirms.Clear();
        _broker.System.Stop(_actor);
    }

    internal IVirtualHost VirtualHost => _vhost;

    internal IActorRef Actor => _actor;

    internal TimeSpan AskTimeout => _askTimeout;

    internal OsloDeclarations Declarations => _declarations;

    internal CancellationToken Disposed => _disposed.Token;

    internal long ChannelKey(ushort channel) => (ConnectionId << 16) | channel;

    internal void Remove(NodeSubscription subscription) =>
        _subscriptions.TryRemove(new KeyValuePair<ushort, NodeSubscription>(subscription.ChannelNumber, subscription));

    // Called by the connection actor: hand on, never wait.
    internal void OnDeliver(QueueDeliver deliver)
    {
        if (_subscriptions.TryGetValue(deliver.Channel, out var subscription))
        {
            subscription.Enqueue(deliver);
        }
    }

    internal void OnConsumerCancelled(QueueConsumerCancelled cancelled)
    {
        if (_subscriptions.TryGetValue(cancelled.Channel, out var subscription))
        {
            subscription.OnCancelledByQueue(cancelled.ConsumerTag);
        }
    }

    /// <summary>One queue's answer to publish <paramref name="seqNo"/> (or its stop, counted as an ack).</summary>
    internal void OnConfirmed(ulong seqNo, bool ack)
    {
        if (_confirms.TryGetValue(seqNo, out var pending) && pending.Confirm(ack))
        {
            _confirms.TryRemove(seqNo, out _);
        }
    }

    /// <summary>Routes through the vhost and hands the message to each queue actor; completes on their confirms.</summary>
    private Task PublishAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, long? expirationMs, bool mandatory,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        CheckPermission(Permission.Write, "exchange", exchange);
        // The broker keeps the body (queues, journal) after the caller is done with its buffer.
        var message = new Message(exchange, routingKey, PropertiesFor(expirationMs), body.ToArray(), persistent: true,
            priority: 0, expirationMs);
        var targets = t_targets ??= [];
        targets.Clear();
        var names = _vhost.Route(exchange, routingKey, null, t_routing ??= new RoutingContext());
        for (int i = 0; i < names.Count; i++)
        {
            if (_vhost.FindQueue(names[i]) is { } queue)
            {
                targets.Add(queue);
            }
        }

        if (targets.Count == 0)
        {
            return mandatory ? Task.FromException(new MessageUndeliverableException(exchange, routingKey)) : Task.CompletedTask;
        }

        return SendToQueues(message, targets, cancellationToken);
    }

    /// <summary>Hands an already routed message to <paramref name="queue"/> (the tail of a publish, for tests).</summary>
    internal Task PublishToQueueAsync(QueueHandle queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var targets = t_targets ??= [];
        targets.Clear();
        targets.Add(queue);
        var message = new Message("", queue.Name, _plainProperties, body.ToArray(), persistent: true, priority: 0, null);
        return SendToQueues(message, targets, cancellationToken);
    }

    /// <summary>Tells <paramref name="targets"/> (cleared after) the message; completes on the confirms owed.</summary>
    private Task SendToQueues(Message message, List<QueueHandle> targets, CancellationToken cancellationToken)
    {
        // Only queues that may answer otherwise than "ack at once" are asked to confirm (QueuePublish's contract:
        // a journal write for a persistent message in a durable queue; a refusal only under x-overflow).
        int confirming = 0;
        for (int i = 0; i < targets.Count; i++)
        {
            if (NeedsConfirm(targets[i]))
            {
                confirming++;
            }
        }

        ulong seq = confirming == 0 ? 0 : (ulong)Interlocked.Increment(ref _publishSeqNo);
        PendingConfirm? pending = null;
        if (confirming > 0)
        {
            pending = new PendingConfirm(seq, confirming);
            _confirms[seq] = pending;
        }

        var confirmed = new QueuePublish(message, _actor, 0, seq);
        var unconfirmed = confirming == targets.Count ? confirmed : new QueuePublish(message, null, 0, 0);
        for (int i = 0; i < targets.Count; i++)
        {
            if (NeedsConfirm(targets[i]))
            {
                // Before the publish: the connection actor then hears of the debt before the queue's answer.
                _actor.Tell(new ConfirmExpected(seq, targets[i].Actor), ActorRefs.NoSender);
                targets[i].Actor.Tell(confirmed, _actor);
            }
            else
            {
                targets[i].Actor.Tell(unconfirmed, _actor);
            }
        }

        targets.Clear();
        if (pending is null)
        {
            return Task.CompletedTask;
        }

        return cancellationToken.CanBeCanceled ? pending.Task.WaitAsync(cancellationToken) : pending.Task;
    }

    /// <summary>Whether the queue's confirm can be other than an immediate ack (our messages are persistent).</summary>
    private static bool NeedsConfirm(QueueHandle queue) => queue.Durable || queue.Arguments.ContainsKey("x-overflow");

    /// <summary>The wire-form properties of oslo's messages, with the per-message TTL when there is one.</summary>
    private byte[] PropertiesFor(long? expirationMs)
    {
        if (expirationMs is not { } ms)
        {
            return _plainProperties;
        }

        // Callers mostly use one timeout: keep the last encoding.
        var last = Volatile.Read(ref _lastExpiring);
        if (last is null || last.Milliseconds != ms)
        {
            last = new ExpiringProperties(ms, (Properties with { Expiration = ms.ToString(CultureInfo.InvariantCulture) }).ToArray());
            Volatile.Write(ref _lastExpiring, last);
        }

        return last.Bytes;
    }

    /// <summary>A channel number of this connection for the subscription (its deliveries are addressed by it).</summary>
    internal ushort AllocateChannel(NodeSubscription subscription)
    {
        while (true)
        {
            ushort channel = (ushort)((uint)Interlocked.Increment(ref _lastChannel) % ushort.MaxValue + 1);
            if (_subscriptions.TryAdd(channel, subscription))
            {
                return channel;
            }
        }
    }

    private sealed record ExpiringProperties(long Milliseconds, byte[] Bytes);
}
