using System.Globalization;
using System.Threading.Channels;
using Fabric.Actors;
using Fabric.Amqp;
using Fabric.Broker.Contracts;

namespace Fabric.Rpc.Transport.Node;

/// <summary>
/// One listener: a channel of the internal connection with one consumer on its queue. The connection actor puts
/// deliveries into a buffer; a pump on the thread pool settles them (before the handler for RPC, after it for
/// notifications) with <see cref="QueueSettle"/> to the queue found by name. A consumer the queue cancels (queue
/// deleted) is declared and started again, as the AMQP transport does.
/// </summary>
internal sealed class NodeSubscription : IAsyncDisposable
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromMilliseconds(100);

    // A live queue answers a cancel at once; a stopped one (node shutting down) never does.
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(5);
    private static long s_lastTag;

    private readonly NodeRpcTransport _transport;
    private readonly RpcMessageHandler _handler;
    private readonly Channel<QueueDeliver> _deliveries = Channel.CreateUnbounded<QueueDeliver>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stopped = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Task _pump;
    private string? _consumerTag;

    public NodeSubscription(NodeRpcTransport transport, ListenSpec spec, RpcMessageHandler handler)
    {
        _transport = transport;
        Spec = spec;
        _handler = handler;
        ChannelNumber = transport.AllocateChannel(this);
        ChannelKey = transport.ChannelKey(ChannelNumber);
        _pump = Task.Run(PumpAsync);
    }

    public ListenSpec Spec { get; }

    public ushort ChannelNumber { get; }

    public long ChannelKey { get; }

    /// <summary>Declares what the spec names and consumes from its queue.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped.IsCancellationRequested)
            {
                return;
            }

            await _transport.DeclareAsync(Spec).ConfigureAwait(false);
            _transport.CheckPermission(Permission.Read, "queue", Spec.Queue);
            var queue = _transport.VirtualHost.FindQueue(Spec.Queue)
                ?? throw new AmqpProtocolException(ReplyCode.NotFound, $"NOT_FOUND - no queue '{Spec.Queue}' in vhost '{_transport.VirtualHost.Name}'");
            string tag = "node-rpc-" + Interlocked.Increment(ref s_lastTag).ToString(CultureInfo.InvariantCulture);
            _consumerTag = tag;
            var consume = new QueueConsume(_transport.Actor, ChannelNumber, ChannelKey, _transport.ConnectionId, tag, NoAck: false,
                Exclusive: false, _transport.Options.PrefetchCount, _transport.Declarations.ConsumerArguments);
            var reply = await queue.Actor.Ask<QueueReply>(consume, _transport.AskTimeout, cancellationToken).ConfigureAwait(false);
            if (reply.Error is { } error)
            {
                _consumerTag = null;
                throw error;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>From the connection actor: never blocks (the buffer is unbounded; the queue's prefetch bounds it).</summary>
    public void Enqueue(QueueDeliver deliver)
    {
        if (!_deliveries.Writer.TryWrite(deliver))
        {
            // Stopped: the queue requeues it when it hears the channel closed.
        }
    }

    /// <summary>The queue cancelled the consumer (it was deleted): declare and consume again shortly.</summary>
    public void OnCancelledByQueue(string consumerTag)
    {
        if (consumerTag == _consumerTag && !_stopped.IsCancellationRequested)
        {
            _ = RestartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped.IsCancellationRequested)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _stopped.Cancel();
            if (_consumerTag is { } tag && _transport.VirtualHost.FindQueue(Spec.Queue) is { } queue)
            {
                try
                {
                    await queue.Actor.Ask<QueueReply>(new QueueCancel(ChannelKey, tag), CancelTimeout).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AskTimeoutException or InvalidCastException)
                {
                    // The queue went away meanwhile.
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        _deliveries.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
        _transport.Remove(this);
        // Whatever was delivered but not settled goes back to the queue (and an auto-delete queue may go).
        _transport.VirtualHost.FindQueue(Spec.Queue)?.Actor.Tell(new QueueChannelClosed(ChannelKey), _transport.Actor);
    }

    private async Task RestartAsync()
    {
        var token = _stopped.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RestartDelay, token).ConfigureAwait(false);
                await StartAsync(token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is AmqpProtocolException or AskTimeoutException)
            {
                // Declared again by someone else, or the vhost is busy: try again.
            }
        }
    }

    private async Task PumpAsync()
    {
        var token = _stopped.Token;
        var reader = _deliveries.Reader;
        bool ackFirst = !Spec.AckAfterHandling;
        var batch = new List<QueueDeliver>();
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                // RPC: what has arrived is acked in one QueueSettle, then dispatched (acked before dispatch, as oslo).
                batch.Clear();
                while (!token.IsCancellationRequested && reader.TryRead(out var deliver))
                {
                    batch.Add(deliver);
                    if (!ackFirst)
                    {
                        break;
                    }
                }

                if (ackFirst)
                {
                    AckAll(batch);
                }

                for (int i = 0; i < batch.Count && !token.IsCancellationRequested; i++)
                {
                    await HandleAsync(batch[i], ackFirst, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async ValueTask HandleAsync(QueueDeliver deliver, bool acked, CancellationToken cancellationToken)
    {
        try
        {
            await _handler(deliver.Message.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!acked)
        {
            Settle(deliver.Queue, [deliver.MessageId], SettleKind.Requeue);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Handlers report their own errors; a throwing handler must not stop the consumer.
            return;
        }

        if (!acked)
        {
            Settle(deliver.Queue, [deliver.MessageId], SettleKind.Ack);
        }
    }

    /// <summary>Acks the batch in one settle (all from this listener's queue: a re-created queue of the same name
    /// numbers its messages in another range, so stale ids cannot touch it).</summary>
    private void AckAll(List<QueueDeliver> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var ids = new long[batch.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = batch[i].MessageId;
        }

        Settle(Spec.Queue, ids, SettleKind.Ack);
    }

    private void Settle(string queue, long[] messageIds, SettleKind kind) =>
        _transport.VirtualHost.FindQueue(queue)?.Actor.Tell(new QueueSettle(ChannelKey, messageIds, kind), _transport.Actor);
}
