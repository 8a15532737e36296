using Fabric.Amqp.Client;

namespace Fabric.Rpc.Transport.Amqp;

/// <summary>Noticing a lost connection and getting a new one: backoff with jitter, then re-declare every listener.</summary>
public sealed partial class AmqpRpcTransport
{
    private async Task<AmqpSession> OpenSessionAsync(int generation, CancellationToken cancellationToken)
    {
        var connection = await AmqpConnection.ConnectAsync(_options.Connection, cancellationToken).ConfigureAwait(false);
        var session = new AmqpSession(connection, generation);
        connection.Closed += OnConnectionClosed;
        if (!connection.IsOpen)
        {
            // Lost before the handler was attached: the event will not come again.
            throw connection.CloseReason ?? new AmqpConnectionLostException("The connection closed while opening.");
        }

        return session;
    }

    private void OnConnectionClosed(AmqpConnection connection, Exception? reason)
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        lock (_lock)
        {
            var current = _session.Task;
            if (!current.IsCompletedSuccessfully || current.Result.Connection != connection)
            {
                return;
            }

            // From now on publishers and listeners wait for the next session.
            _session = new TaskCompletionSource<AmqpSession>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = ReconnectLoopAsync(current.Result.Generation + 1);
        }
    }

    private async Task ReconnectLoopAsync(int generation)
    {
        var token = _disposed.Token;
        for (int attempt = 0; !token.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(BackoffDelay(attempt), token).ConfigureAwait(false);
                var session = await OpenSessionAsync(generation, token).ConfigureAwait(false);
                try
                {
                    AmqpSubscription[] subscriptions;
                    lock (_lock)
                    {
                        subscriptions = [.. _subscriptions];
                    }

                    foreach (var subscription in subscriptions)
                    {
                        await subscription.StartAsync(session).ConfigureAwait(false);
                    }
                }
                catch
                {
                    session.Connection.Abort();
                    throw;
                }

                Interlocked.Increment(ref _reconnects);
                TaskCompletionSource<AmqpSession> pending;
                lock (_lock)
                {
                    pending = _session;
                }

                if (!pending.TrySetResult(session))
                {
                    // Disposed meanwhile: nobody will use or close this connection but us.
                    await session.Connection.CloseAsync().ConfigureAwait(false);
                    return;
                }

                Reconnected?.Invoke(this);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Broker still away (or it refused us): try again later.
            }
        }
    }

    /// <summary>Exponential backoff with "equal jitter": half the step fixed, half random.</summary>
    private TimeSpan BackoffDelay(int attempt)
    {
        double max = _options.ReconnectMaxDelay.TotalMilliseconds;
        double step = Math.Min(max, _options.ReconnectInitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)));
        return TimeSpan.FromMilliseconds((step / 2) + (Random.Shared.NextDouble() * step / 2));
    }
}
