using System.Buffers;
using System.IO.Pipelines;
using Fabric.Amqp.Content;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;

namespace Fabric.Amqp.Client;

/// <summary>basic.publish, publisher confirms and the correlation of basic.return with confirmed publishes.</summary>
public sealed partial class AmqpChannel
{
    private readonly Dictionary<ulong, PendingPublish> _unconfirmed = [];
    private volatile bool _confirmMode;
    private ulong _nextPublishSeqNo = 1;
    private ulong _lowestUnconfirmed = 1;

    /// <summary>True after <see cref="ConfirmSelectAsync"/>.</summary>
    public bool IsConfirmMode => _confirmMode;

    /// <summary>Number of publishes waiting for the broker's ack or nack.</summary>
    public int UnconfirmedCount
    {
        get
        {
            lock (_lock)
            {
                return _unconfirmed.Count;
            }
        }
    }

    /// <summary>confirm.select: from now on every publish's task completes on basic.ack and faults on basic.nack.</summary>
    public async Task ConfirmSelectAsync()
    {
        if (_confirmMode)
        {
            return;
        }

        await RpcAsync(new ConfirmSelect(), ConfirmSelectOk.Key).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes one message (method, header and body frames written and flushed together). Without confirm mode
    /// the task is already complete. In confirm mode it completes on the broker's ack, faults with
    /// <see cref="AmqpPublishNackedException"/> on nack, and with <see cref="AmqpMessageReturnedException"/> when a
    /// mandatory message came back unroutable (the broker sends basic.return before the ack of that message).
    /// </summary>
    public Task PublishAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, BasicProperties? properties = null, bool mandatory = false)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKey);
        var publish = new PublishState(this, new BasicPublish { Exchange = exchange, RoutingKey = routingKey, Mandatory = mandatory }, properties ?? BasicProperties.Empty, body);
        _connection.Write(publish, static (output, state, frameMax) => state.Channel.WritePublishLocked(output, state, frameMax));
        return publish.Pending?.Completion.Task ?? Task.CompletedTask;
    }

    /// <summary>Runs under the connection's write lock, so sequence numbers follow the order on the wire.</summary>
    private void WritePublishLocked(PipeWriter output, PublishState state, uint frameMax)
    {
        lock (_lock)
        {
            ThrowIfClosed();
            if (_confirmMode)
            {
                ulong seqNo = _nextPublishSeqNo++;
                state.Pending = new PendingPublish(seqNo, state.Method.Exchange, state.Method.RoutingKey, state.Method.Mandatory);
                _unconfirmed.Add(seqNo, state.Pending);
            }
        }

        FrameWriter.WriteMethod(output, Number, state.Method);
        int max = state.Properties.MaxEncodedSize();
        byte[]? rented = null;
        Span<byte> raw = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int size = state.Properties.WriteTo(raw);
            FrameWriter.WriteContent(output, Number, BasicPublish.ClassIndex, raw.Slice(0, size), state.Body.Span, frameMax);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void OnConfirm(ulong deliveryTag, bool multiple, bool nacked)
    {
        if (multiple)
        {
            List<PendingPublish>? done = null;
            lock (_lock)
            {
                for (ulong seq = _lowestUnconfirmed; seq <= deliveryTag; seq++)
                {
                    if (_unconfirmed.Remove(seq, out var pending))
                    {
                        (done ??= []).Add(pending);
                    }
                }

                AdvanceLowestLocked();
            }

            if (done is not null)
            {
                foreach (var pending in done)
                {
                    pending.Complete(nacked);
                }
            }

            return;
        }

        PendingPublish? single;
        lock (_lock)
        {
            _unconfirmed.Remove(deliveryTag, out single);
            AdvanceLowestLocked();
        }

        single?.Complete(nacked);
    }

    private void AdvanceLowestLocked()
    {
        while (_lowestUnconfirmed < _nextPublishSeqNo && !_unconfirmed.ContainsKey(_lowestUnconfirmed))
        {
            _lowestUnconfirmed++;
        }
    }

    private void OnReturned(AmqpReturnedMessage message)
    {
        lock (_lock)
        {
            // The earliest unconfirmed mandatory publish to the same exchange and routing key is the one returned.
            for (ulong seq = _lowestUnconfirmed; seq < _nextPublishSeqNo; seq++)
            {
                if (_unconfirmed.TryGetValue(seq, out var pending) && pending.Mandatory && pending.Returned is null
                    && pending.Exchange == message.Exchange && pending.RoutingKey == message.RoutingKey)
                {
                    pending.Returned = message;
                    break;
                }
            }
        }

        Returned?.Invoke(this, message);
    }

    private void FailPublishes(Exception reason)
    {
        PendingPublish[] failed;
        lock (_lock)
        {
            failed = new PendingPublish[_unconfirmed.Count];
            _unconfirmed.Values.CopyTo(failed, 0);
            _unconfirmed.Clear();
        }

        foreach (var pending in failed)
        {
            pending.Completion.TrySetException(reason);
        }
    }

    private sealed class PublishState(AmqpChannel channel, BasicPublish method, BasicProperties properties, ReadOnlyMemory<byte> body)
    {
        public AmqpChannel Channel { get; } = channel;
        public BasicPublish Method { get; } = method;
        public BasicProperties Properties { get; } = properties;
        public ReadOnlyMemory<byte> Body { get; } = body;
        public PendingPublish? Pending { get; set; }
    }

    private sealed class PendingPublish(ulong seqNo, string exchange, string routingKey, bool mandatory)
    {
        public ulong SeqNo { get; } = seqNo;
        public string Exchange { get; } = exchange;
        public string RoutingKey { get; } = routingKey;
        public bool Mandatory { get; } = mandatory;
        public AmqpReturnedMessage? Returned { get; set; }
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Complete(bool nacked)
        {
            if (nacked)
            {
                Completion.TrySetException(new AmqpPublishNackedException(SeqNo));
            }
            else if (Returned is { } r)
            {
                Completion.TrySetException(new AmqpMessageReturnedException(r.ReplyCode, r.ReplyText, r.Exchange, r.RoutingKey));
            }
            else
            {
                Completion.TrySetResult();
            }
        }
    }
}
