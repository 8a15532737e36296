namespace Fabric.Rpc.Transport.InProcess;

/// <summary>
/// The RPC transport inside one process: same routing as the AMQP transport (topic, fanout, direct reply queues,
/// notification queues) over an <see cref="InProcessBroker"/>, with no serialization beyond the envelope and no
/// network. Give several transports one broker to model several services.
/// </summary>
public sealed class InProcessRpcTransport : IRpcTransport
{
    private readonly List<Subscription> _subscriptions = [];
    private readonly Lock _lock = new();

    public InProcessRpcTransport(InProcessBroker? broker = null, string controlExchange = "openstack")
    {
        Broker = broker ?? new InProcessBroker();
        ControlExchange = controlExchange;
    }

    public InProcessBroker Broker { get; }

    public string ControlExchange { get; }

    public Task TopicSendAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, TimeSpan? expiration, CancellationToken cancellationToken = default)
    {
        Broker.DeclareExchange(exchange, fanout: false);
        long expiresAt = expiration is { } ttl ? Environment.TickCount64 + (long)ttl.TotalMilliseconds : 0;
        Broker.Publish(exchange, routingKey, new InProcessMessage(body, expiresAt));
        return Task.CompletedTask;
    }

    public Task FanoutSendAsync(string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        Broker.DeclareExchange(topic + "_fanout", fanout: true);
        Broker.Publish(topic + "_fanout", "", new InProcessMessage(body, 0));
        return Task.CompletedTask;
    }

    public Task DirectSendAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (Broker.Publish("", queue, new InProcessMessage(body, 0)) == 0)
        {
            throw new MessageUndeliverableException("", queue);
        }

        return Task.CompletedTask;
    }

    public Task NotifySendAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        Broker.DeclareExchange(exchange, fanout: false);
        Broker.DeclareQueue(routingKey);
        Broker.Bind(routingKey, exchange, routingKey);
        Broker.Publish(exchange, routingKey, new InProcessMessage(body, 0));
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> ListenAsync(ListenSpec spec, RpcMessageHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(handler);
        var queue = Broker.DeclareQueue(spec.Queue);
        if (spec.Kind != ListenKind.Direct)
        {
            Broker.DeclareExchange(spec.Exchange, fanout: spec.Kind == ListenKind.Fanout);
            Broker.Bind(spec.Queue, spec.Exchange, spec.RoutingKey);
        }

        var subscription = new Subscription(this, spec, queue, handler);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }

        return Task.FromResult<IAsyncDisposable>(subscription);
    }

    public async ValueTask DisposeAsync()
    {
        Subscription[] subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    /// <summary>A consumer pumping one queue into its handler; private queues (reply, fanout) go with it, as x-expires would.</summary>
    private sealed class Subscription : IAsyncDisposable
    {
        private readonly InProcessRpcTransport _owner;
        private readonly ListenSpec _spec;
        private readonly InProcessQueue _queue;
        private readonly RpcMessageHandler _handler;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _pump;

        public Subscription(InProcessRpcTransport owner, ListenSpec spec, InProcessQueue queue, RpcMessageHandler handler)
        {
            _owner = owner;
            _spec = spec;
            _queue = queue;
            _handler = handler;
            _pump = Task.Run(PumpAsync);
        }

        public async ValueTask DisposeAsync()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _owner.Remove(this);
            await _stop.CancelAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(false);
            if (_spec.Kind != ListenKind.Topic)
            {
                _owner.Broker.DeleteQueue(_spec.Queue);
            }
        }

        private async Task PumpAsync()
        {
            var token = _stop.Token;
            var reader = _queue.Reader;
            try
            {
                while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    while (!token.IsCancellationRequested && reader.TryRead(out var message))
                    {
                        if (message.IsExpired)
                        {
                            continue;
                        }

                        try
                        {
                            await _handler(message.Body, token).ConfigureAwait(false);
                        }
                        catch (Exception) when (_spec.AckAfterHandling)
                        {
                            _queue.Enqueue(message);
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            // Handlers report their own errors.
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
        }
    }
}
