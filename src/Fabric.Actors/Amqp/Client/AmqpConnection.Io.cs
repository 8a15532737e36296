using System.Buffers;
using System.Net.Sockets;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;

namespace Fabric.Amqp.Client;

/// <summary>The receive and send loops, heartbeats and the single place where the connection ends.</summary>
public sealed partial class AmqpConnection
{
    private void Start()
    {
        _ = ReadLoopAsync();
        if (Heartbeat > TimeSpan.Zero)
        {
            var period = Heartbeat / 2;
            _heartbeatTimer = new Timer(static state => ((AmqpConnection)state!).OnHeartbeatTick(), this, period, period);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var rest = segment;
                    while (!rest.IsEmpty)
                    {
                        int sent = await _socket.SendAsync(rest, SocketFlags.None).ConfigureAwait(false);
                        rest = rest.Slice(sent);
                    }
                }

                reader.AdvanceTo(buffer.End);
                Volatile.Write(ref _lastSent, Environment.TickCount64);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            Abort(new AmqpConnectionLostException("Sending to the broker failed: " + e.Message, e));
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (Volatile.Read(ref _state) != StateClosed)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                Volatile.Write(ref _lastReceived, Environment.TickCount64);
                var consumed = ParseFrames(buffer);
                _input.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted)
                {
                    error = new AmqpConnectionLostException("The broker closed the socket.");
                    break;
                }
            }
        }
        catch (AmqpProtocolException e)
        {
            // A malformed frame from the broker: tell it why, then drop the connection.
            TrySend(new ConnectionClose { ReplyCode = e.ReplyCode, ReplyText = Truncate(e.Message), ClassId = e.ClassId, MethodId = e.MethodId });
            error = e;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            error = new AmqpConnectionLostException("Receiving from the broker failed: " + e.Message, e);
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }

        Abort(error);
    }

    private SequencePosition ParseFrames(in ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (Volatile.Read(ref _state) != StateClosed && FrameParser.TryReadFrame(ref reader, FrameMax, out var frame))
        {
            if (frame.Type == FrameType.Heartbeat)
            {
                continue;
            }

            if (frame.Channel == 0)
            {
                HandleConnectionFrame(frame);
                continue;
            }

            AmqpChannel? channel;
            lock (_channelsLock)
            {
                _channels.TryGetValue(frame.Channel, out channel);
            }

            // Frames for a channel we already forgot (closed) are dropped.
            channel?.HandleFrame(frame);
        }

        return reader.Position;
    }

    private void HandleConnectionFrame(in Frame frame)
    {
        if (frame.Type != FrameType.Method)
        {
            throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"{frame.Type} frame on channel 0");
        }

        var payload = FramePayload.Method(frame.Payload, out var id);
        switch (id.Key)
        {
            case ConnectionClose.Key:
                var close = ConnectionClose.Decode(payload);
                TrySend(new ConnectionCloseOk());
                Abort(new AmqpProtocolException(close.ReplyCode, close.ReplyText, close.ClassId, close.MethodId));
                break;
            case ConnectionCloseOk.Key:
                _closeOk.TrySetResult();
                Abort(null);
                break;
            case ConnectionBlocked.Key:
                IsBlocked = true;
                break;
            case ConnectionUnblocked.Key:
                IsBlocked = false;
                break;
            default:
                throw new AmqpProtocolException(ReplyCode.CommandInvalid, $"Unexpected method {id} on channel 0.", id.ClassId, id.Method);
        }
    }

    /// <summary>True while the broker has blocked publishers (connection.blocked, e.g. a memory alarm).</summary>
    public bool IsBlocked { get; private set; }

    private void OnHeartbeatTick()
    {
        long now = Environment.TickCount64;
        long heartbeatMs = (long)Heartbeat.TotalMilliseconds;
        if (now - Volatile.Read(ref _lastReceived) > 2 * heartbeatMs)
        {
            Abort(new AmqpConnectionLostException($"No frame from the broker for more than {2 * Heartbeat.TotalSeconds}s (missed heartbeats)."));
            return;
        }

        if (now - Volatile.Read(ref _lastSent) >= heartbeatMs / 2)
        {
            lock (_writeLock)
            {
                if (Volatile.Read(ref _state) != StateClosed)
                {
                    FrameWriter.WriteHeartbeat(_output.Writer);
                    FlushLocked();
                }
            }
        }
    }

    /// <summary>Ends the connection once: fails every channel, drains what is queued for the socket, drops it.</summary>
    private void Abort(Exception? reason)
    {
        lock (_writeLock)
        {
            if (Interlocked.Exchange(ref _state, StateClosed) == StateClosed)
            {
                return;
            }

            CloseReason = reason;
            _output.Writer.Complete();
        }

        _heartbeatTimer?.Dispose();
        AmqpChannel[] channels;
        lock (_channelsLock)
        {
            channels = new AmqpChannel[_channels.Count];
            _channels.Values.CopyTo(channels, 0);
            _channels.Clear();
        }

        var channelReason = reason ?? new AmqpClosedException("The connection was closed.");
        foreach (var channel in channels)
        {
            channel.OnClosed(channelReason);
        }

        _closeOk.TrySetResult();
        _ = FinishAsync(reason);
    }

    private async Task FinishAsync(Exception? reason)
    {
        try
        {
            // Let a final close or close-ok reach the socket before it goes.
            await _sendLoop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _socket.Dispose();
        try
        {
            Closed?.Invoke(this, reason);
        }
        finally
        {
            _completion.TrySetResult(reason);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}
