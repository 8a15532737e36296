using Fabric.Amqp.Client;

namespace Fabric.Rpc.Transport.Amqp;

/// <summary>
/// One listener: its own channel with the queue declared and a consumer whose deliveries are pumped to the
/// handler. Started again on every new session after a reconnect.
/// </summary>
internal sealed class AmqpSubscription : IAsyncDisposable
{
    private readonly AmqpRpcTransport _transport;
    private readonly RpcMessageHandler _handler;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopped = new();
    private AmqpSession? _session;
    private AmqpConsumer? _consumer;
    private Task _pump = Task.CompletedTask;

    public AmqpSubscription(AmqpRpcTransport transport, ListenSpec spec, RpcMessageHandler handler)
    {
        _transport = transport;
        Spec = spec;
        _handler = handler;
    }

    public ListenSpec Spec { get; }

    /// <summary>Declares and consumes on <paramref name="session"/> (once per session).</summary>
    public async Task StartAsync(AmqpSession session)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped.IsCancellationRequested || _session == session)
            {
                return;
            }

            var channel = await session.Connection.CreateChannelAsync().ConfigureAwait(false);
            await _transport.DeclareAsync(channel, Spec).ConfigureAwait(false);
            var consumer = await channel.BasicConsumeAsync(Spec.Queue, arguments: _transport.ConsumerArguments).ConfigureAwait(false);
            _session = session;
            _consumer = consumer;
            _pump = PumpAsync(consumer, _stopped.Token);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(bool cancelConsumer)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _stopped.Cancel();
            if (_consumer is { } consumer && consumer.Channel.IsOpen)
            {
                try
                {
                    if (cancelConsumer)
                    {
                        await consumer.CancelAsync().ConfigureAwait(false);
                    }

                    await consumer.Channel.CloseAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (AmqpRpcTransport.IsConnectionFailure(e) || e is Fabric.Amqp.AmqpProtocolException)
                {
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _transport.Remove(this);
        await StopAsync(cancelConsumer: true).ConfigureAwait(false);
    }

    private async Task PumpAsync(AmqpConsumer consumer, CancellationToken cancellationToken)
    {
        var channel = consumer.Channel;
        try
        {
            while (await consumer.Deliveries.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (consumer.Deliveries.TryRead(out var delivery))
                {
                    await HandleAsync(channel, delivery, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is AmqpConsumerCancelledException || (e is Fabric.Amqp.AmqpProtocolException p && !Fabric.Amqp.ReplyCode.IsHardError(p.ReplyCode)))
        {
            // The broker dropped the consumer (queue deleted) or closed the channel: declare and consume again on
            // the same connection (the transport's reconnect covers a lost connection).
            await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            var session = _session;
            _session = null;
            _gate.Release();
            if (session is not null && session.Connection.IsOpen && !cancellationToken.IsCancellationRequested)
            {
                _ = RestartAsync(session, cancellationToken);
            }
        }
        catch (Exception e) when (AmqpRpcTransport.IsConnectionFailure(e) || e is Fabric.Amqp.AmqpProtocolException)
        {
            // The connection went away: the transport's reconnect starts this subscription again.
        }
    }

    private async Task RestartAsync(AmqpSession session, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            await StartAsync(session).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || AmqpRpcTransport.IsConnectionFailure(e) || e is Fabric.Amqp.AmqpProtocolException)
        {
        }
    }

    private async ValueTask HandleAsync(AmqpChannel channel, AmqpDelivery delivery, CancellationToken cancellationToken)
    {
        bool ackFirst = !Spec.AckAfterHandling;
        if (ackFirst && !TryAck(channel, delivery.DeliveryTag))
        {
            return;
        }

        try
        {
            await _handler(delivery.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!ackFirst)
        {
            TryNack(channel, delivery.DeliveryTag);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Handlers report their own errors; a throwing handler must not stop the consumer.
            return;
        }

        if (!ackFirst)
        {
            TryAck(channel, delivery.DeliveryTag);
        }
    }

    private static bool TryAck(AmqpChannel channel, ulong deliveryTag)
    {
        try
        {
            channel.BasicAck(deliveryTag);
            return true;
        }
        catch (Exception e) when (AmqpRpcTransport.IsConnectionFailure(e) || e is Fabric.Amqp.AmqpProtocolException)
        {
            return false;
        }
    }

    private static void TryNack(AmqpChannel channel, ulong deliveryTag)
    {
        try
        {
            channel.BasicNack(deliveryTag, requeue: true);
        }
        catch (Exception e) when (AmqpRpcTransport.IsConnectionFailure(e) || e is Fabric.Amqp.AmqpProtocolException)
        {
        }
    }
}
