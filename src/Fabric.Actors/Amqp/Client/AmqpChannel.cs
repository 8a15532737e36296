using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;

namespace Fabric.Amqp.Client;

/// <summary>
/// One AMQP channel. Synchronous methods (declare, bind, qos, consume, cancel, confirm.select, close) run one at
/// a time and are awaited; publish, ack and nack are written without waiting. Frames arrive on the connection's
/// receive loop; awaiting callers continue on the thread pool. A broker channel.close fails everything pending
/// on the channel with an <see cref="AmqpProtocolException"/> carrying the reply code.
/// </summary>
public sealed partial class AmqpChannel : IAsyncDisposable
{
    private readonly AmqpConnection _connection;
    private readonly SemaphoreSlim _rpcGate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<Exception> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<IAmqpMethod>? _pendingRpc;
    private uint _expectedReply;
    private Exception? _closeReason;

    internal AmqpChannel(AmqpConnection connection, ushort number)
    {
        _connection = connection;
        Number = number;
    }

    public ushort Number { get; }

    public AmqpConnection Connection => _connection;

    public bool IsOpen => Volatile.Read(ref _closeReason) is null;

    /// <summary>Completes when the channel has closed, with the reason (<see cref="AmqpClosedException"/> when we closed it).</summary>
    public Task<Exception> Completion => _completion.Task;

    /// <summary>channel.close 200 and wait for close-ok.</summary>
    public async Task CloseAsync()
    {
        if (!IsOpen)
        {
            return;
        }

        try
        {
            await RpcAsync(new ChannelClose { ReplyCode = ReplyCode.Success, ReplyText = "Goodbye" }, ChannelCloseOk.Key).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmqpProtocolException or AmqpClosedException or AmqpConnectionLostException)
        {
            // Closed meanwhile by the broker or with the connection: closed either way.
        }

        OnClosed(new AmqpClosedException($"Channel {Number} was closed."));
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    internal Task OpenAsync() => RpcAsync(new ChannelOpen(), ChannelOpenOk.Key);

    /// <summary>Sends a synchronous method and waits for its reply (one at a time per channel, as AMQP requires).</summary>
    internal async Task<IAmqpMethod> RpcAsync<TMethod>(TMethod method, uint replyKey)
        where TMethod : IAmqpMethod
    {
        await _rpcGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var pending = new TaskCompletionSource<IAmqpMethod>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                ThrowIfClosed();
                _pendingRpc = pending;
                _expectedReply = replyKey;
            }

            _connection.Write((Channel: this, Method: method), static (output, state, _) =>
            {
                // Confirm mode starts with the frame on the wire, so publish sequence numbers match the broker's.
                if (typeof(TMethod) == typeof(ConfirmSelect))
                {
                    state.Channel._confirmMode = true;
                }

                FrameWriter.WriteMethod(output, state.Channel.Number, state.Method);
            });
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            _rpcGate.Release();
        }
    }

    internal void ThrowIfClosed()
    {
        var reason = Volatile.Read(ref _closeReason);
        if (reason is not null)
        {
            throw reason is AmqpClosedException ? new AmqpClosedException(reason.Message) : reason;
        }
    }

    /// <summary>Called on the receive loop for every frame on this channel.</summary>
    internal void HandleFrame(in Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Method:
                HandleMethod(frame);
                break;
            case FrameType.Header:
                HandleContentHeader(frame.Payload);
                break;
            case FrameType.Body:
                HandleContentBody(frame.Payload);
                break;
        }
    }

    /// <summary>Fails everything pending; idempotent. Called for broker closes, our closes and connection loss.</summary>
    internal void OnClosed(Exception reason)
    {
        TaskCompletionSource<IAmqpMethod>? rpc;
        lock (_lock)
        {
            if (_closeReason is not null)
            {
                return;
            }

            Volatile.Write(ref _closeReason, reason);
            rpc = _pendingRpc;
            _pendingRpc = null;
        }

        _connection.RemoveChannel(Number);
        rpc?.TrySetException(reason);
        FailPublishes(reason);
        CompleteConsumers(reason);
        _completion.TrySetResult(reason);
    }

    private void HandleMethod(in Frame frame)
    {
        var arguments = FramePayload.Method(frame.Payload, out var id);
        switch (id.Key)
        {
            case BasicDeliver.Key:
                BeginDelivery(BasicDeliver.Decode(arguments));
                return;
            case BasicReturn.Key:
                BeginReturn(BasicReturn.Decode(arguments));
                return;
            case Methods.BasicAck.Key:
                var ack = Methods.BasicAck.Decode(arguments);
                OnConfirm(ack.DeliveryTag, ack.Multiple, nacked: false);
                return;
            case Methods.BasicNack.Key:
                var nack = Methods.BasicNack.Decode(arguments);
                OnConfirm(nack.DeliveryTag, nack.Multiple, nacked: true);
                return;
            case BasicCancel.Key:
                OnBrokerCancel(BasicCancel.Decode(arguments).ConsumerTag);
                return;
            case ChannelFlow.Key:
                _connection.Send(Number, new ChannelFlowOk { Active = ChannelFlow.Decode(arguments).Active });
                return;
            case ChannelClose.Key:
                var close = ChannelClose.Decode(arguments);
                try
                {
                    _connection.Send(Number, new ChannelCloseOk());
                }
                catch (Exception e) when (e is AmqpClosedException or AmqpConnectionLostException or AmqpProtocolException)
                {
                }

                OnClosed(new AmqpProtocolException(close.ReplyCode, close.ReplyText, close.ClassId, close.MethodId));
                return;
        }

        var method = MethodDecoder.Decode(FramePayload.Contiguous(frame.Payload));
        TaskCompletionSource<IAmqpMethod>? pending;
        uint expected;
        lock (_lock)
        {
            pending = _pendingRpc;
            expected = _expectedReply;
            _pendingRpc = null;
        }

        if (pending is null || expected != id.Key)
        {
            throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Unexpected method {id} on channel {Number}.", id.ClassId, id.Method);
        }

        pending.TrySetResult(method);
    }
}
