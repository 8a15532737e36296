using Fabric.Amqp;
using Fabric.Amqp.Client;
using Fabric.Amqp.Content;
using Fabric.Amqp.Tables;

namespace Fabric.Rpc.Transport.Amqp;

/// <summary>
/// The RPC transport over AMQP 0-9-1 (any compliant broker: Fabric or RabbitMQ), declaring and publishing as
/// oslo.messaging's rabbit driver does: confirmed, persistent JSON messages; replies mandatory on the default
/// exchange; reply and fanout queues with x-expires. When the connection is lost it reconnects with exponential
/// backoff and jitter, re-declares every listener's queue and consumer (reply queues keep their names, so reply
/// routing survives), and publishes wait for the new connection (bounded by their cancellation token).
/// </summary>
public sealed partial class AmqpRpcTransport : IRpcTransport
{
    private readonly AmqpRpcTransportOptions _options;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private readonly List<AmqpSubscription> _subscriptions = [];
    private readonly OsloDeclarations _declarations;
    private readonly BasicProperties _properties = new()
    {
        ContentType = "application/json",
        ContentEncoding = "utf-8",
        Headers = FieldTable.Empty,
        DeliveryMode = 2,
        Priority = 0,
    };

    private TaskCompletionSource<AmqpSession> _session = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reconnects;

    private AmqpRpcTransport(AmqpRpcTransportOptions options)
    {
        _declarations = new OsloDeclarations(options);
        _options = options;
    }

    public string ControlExchange => _options.ControlExchange;

    /// <summary>Arguments of every basic.consume.</summary>
    internal FieldTable ConsumerArguments => _declarations.ConsumerArguments;

    private bool Durable => _declarations.Durable;

    public AmqpRpcTransportOptions Options => _options;

    /// <summary>How many times the transport has reconnected after losing its connection.</summary>
    public int ReconnectCount => Volatile.Read(ref _reconnects);

    /// <summary>Raised (on a pool thread) after every successful reconnect.</summary>
    public event Action<AmqpRpcTransport>? Reconnected;

    /// <summary>The current connection (null while reconnecting); tests abort it to simulate a network failure.</summary>
    public AmqpConnection? CurrentConnection => _session.Task.IsCompletedSuccessfully ? _session.Task.Result.Connection : null;

    /// <summary>Connects (the first connection must succeed; later losses are retried).</summary>
    public static async Task<AmqpRpcTransport> ConnectAsync(AmqpRpcTransportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = new AmqpRpcTransport(options);
        var session = await transport.OpenSessionAsync(0, cancellationToken).ConfigureAwait(false);
        transport._session.SetResult(session);
        return transport;
    }

    public static Task<AmqpRpcTransport> ConnectAsync(string uri, CancellationToken cancellationToken = default) =>
        ConnectAsync(AmqpRpcTransportOptions.FromUri(uri), cancellationToken);

    public Task TopicSendAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, TimeSpan? expiration, CancellationToken cancellationToken = default)
    {
        var properties = expiration is { } ttl
            ? _properties with { Expiration = ((long)ttl.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : _properties;
        return PublishAsync("x:" + exchange, channel => DeclareTopicExchange(channel, exchange), exchange, routingKey, body, properties, mandatory: false, cancellationToken);
    }

    public Task FanoutSendAsync(string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        string exchange = topic + "_fanout";
        return PublishAsync("x:" + exchange, channel => DeclareFanoutExchange(channel, exchange), exchange, "", body, _properties, mandatory: false, cancellationToken);
    }

    public Task DirectSendAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        PublishAsync(null, null, "", queue, body, _properties, mandatory: true, cancellationToken);

    public Task NotifySendAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        PublishAsync(
            "n:" + exchange + "/" + routingKey,
            async channel =>
            {
                // As oslo: make sure a queue named like the topic exists, so notifications wait for a listener.
                await DeclareTopicExchange(channel, exchange).ConfigureAwait(false);
                await channel.QueueDeclareAsync(routingKey, durable: Durable, autoDelete: _options.AutoDelete, arguments: _declarations.SharedQueueArguments).ConfigureAwait(false);
                await channel.QueueBindAsync(routingKey, exchange, routingKey).ConfigureAwait(false);
            },
            exchange,
            routingKey,
            body,
            _properties,
            mandatory: false,
            cancellationToken);

    public async Task<IAsyncDisposable> ListenAsync(ListenSpec spec, RpcMessageHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var subscription = new AmqpSubscription(this, spec, handler);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }

        while (true)
        {
            var session = await CurrentSessionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await subscription.StartAsync(session).ConfigureAwait(false);
                return subscription;
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                await WaitForNewSessionAsync(session, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Remove(subscription);
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        AmqpSubscription[] subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            await subscription.StopAsync(cancelConsumer: false).ConfigureAwait(false);
        }

        _session.TrySetException(new ObjectDisposedException(nameof(AmqpRpcTransport)));
        if (_session.Task.IsCompletedSuccessfully)
        {
            await _session.Task.Result.Connection.CloseAsync().ConfigureAwait(false);
        }
    }

    internal void Remove(AmqpSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>Declares the subscription's exchange, queue and binding on its channel as oslo does.</summary>
    internal async Task DeclareAsync(AmqpChannel channel, ListenSpec spec)
    {
        switch (spec.Kind)
        {
            case ListenKind.Direct:
                await channel.QueueDeclareAsync(spec.Queue, arguments: _declarations.TransientQueueArguments).ConfigureAwait(false);
                break;
            case ListenKind.Topic:
                await DeclareTopicExchange(channel, spec.Exchange).ConfigureAwait(false);
                await channel.QueueDeclareAsync(spec.Queue, durable: Durable, autoDelete: _options.AutoDelete, arguments: _declarations.SharedQueueArguments).ConfigureAwait(false);
                await channel.QueueBindAsync(spec.Queue, spec.Exchange, spec.RoutingKey).ConfigureAwait(false);
                break;
            case ListenKind.Fanout:
                await DeclareFanoutExchange(channel, spec.Exchange).ConfigureAwait(false);
                await channel.QueueDeclareAsync(spec.Queue, arguments: _declarations.TransientQueueArguments).ConfigureAwait(false);
                await channel.QueueBindAsync(spec.Queue, spec.Exchange, spec.RoutingKey).ConfigureAwait(false);
                break;
        }

        if (_options.PrefetchCount > 0)
        {
            await channel.BasicQosAsync(_options.PrefetchCount).ConfigureAwait(false);
        }
    }

    private Task DeclareTopicExchange(AmqpChannel channel, string exchange) =>
        channel.ExchangeDeclareAsync(exchange, "topic", durable: Durable, autoDelete: _options.AutoDelete);

    private static Task DeclareFanoutExchange(AmqpChannel channel, string exchange) =>
        channel.ExchangeDeclareAsync(exchange, "fanout", durable: false, autoDelete: true);

    private async Task PublishAsync(
        string? declareKey,
        Func<AmqpChannel, Task>? declare,
        string exchange,
        string routingKey,
        ReadOnlyMemory<byte> body,
        BasicProperties properties,
        bool mandatory,
        CancellationToken cancellationToken)
    {
        bool declaredAgain = false;
        while (true)
        {
            var session = await CurrentSessionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var channel = await session.PublisherAsync(declareKey, declare, cancellationToken).ConfigureAwait(false);
                await channel.PublishAsync(exchange, routingKey, body, properties, mandatory).WaitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AmqpMessageReturnedException e)
            {
                throw new MessageUndeliverableException(exchange, routingKey, e);
            }
            catch (AmqpProtocolException e) when (e.ReplyCode == ReplyCode.NotFound && declareKey is not null && !declaredAgain)
            {
                // The exchange went after it was declared here (auto-delete fanout exchange whose queues all went):
                // the message was dropped unrouted, so declaring again and publishing once more cannot duplicate it.
                declaredAgain = true;
                await session.ForgetAsync(declareKey, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                // Published again on the next connection: at least once; receivers drop duplicates by _unique_id.
                await WaitForNewSessionAsync(session, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task<AmqpSession> CurrentSessionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        return Volatile.Read(ref _session).Task.WaitAsync(cancellationToken);
    }

    private async Task WaitForNewSessionAsync(AmqpSession failed, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = await CurrentSessionAsync(cancellationToken).ConfigureAwait(false);
            if (next.Generation != failed.Generation)
            {
                return;
            }

            if (!failed.Connection.IsOpen)
            {
                // The loss is being noticed; give the reconnect loop a moment to swap in a pending session.
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return;
        }
    }

    internal static bool IsConnectionFailure(Exception e) => e switch
    {
        AmqpConnectionLostException => true,
        AmqpProtocolException p => ReplyCode.IsHardError(p.ReplyCode),
        AmqpClosedException => true,
        IOException => true,
        System.Net.Sockets.SocketException => true,
        _ => false,
    };
}
