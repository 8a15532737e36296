using System.Buffers;
using System.Text;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;

namespace Fabric.Amqp.Client;

/// <summary>The opening handshake: protocol header, start/start-ok (PLAIN), tune/tune-ok, open/open-ok.</summary>
public sealed partial class AmqpConnection
{
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            var header = _output.Writer.GetSpan(8);
            AmqpConstants.ProtocolHeader.CopyTo(header);
            _output.Writer.Advance(8);
            FlushLocked();
        }

        var startPayload = await ExpectMethodAsync(ConnectionStart.Key, cancellationToken).ConfigureAwait(false);
        var start = ConnectionStart.Decode(startPayload.AsSpan(4));
        ServerProperties = start.ServerProperties;
        if (Array.IndexOf(Encoding.UTF8.GetString(start.Mechanisms).Split(' '), "PLAIN") < 0)
        {
            throw new AmqpProtocolException(ReplyCode.AccessRefused, "The broker does not offer the PLAIN mechanism.");
        }

        Send(0, new ConnectionStartOk
        {
            ClientProperties = ClientProperties(_options.ClientName),
            Mechanism = "PLAIN",
            Response = Encoding.UTF8.GetBytes("\0" + _options.UserName + "\0" + _options.Password),
            Locale = "en_US",
        });

        var tunePayload = await ExpectMethodAsync(ConnectionTune.Key, cancellationToken).ConfigureAwait(false);
        var tune = ConnectionTune.Decode(tunePayload.AsSpan(4));
        ChannelMax = (ushort)Negotiate(_options.ChannelMax, tune.ChannelMax);
        FrameMax = Negotiate(_options.FrameMax, tune.FrameMax);
        Heartbeat = TimeSpan.FromSeconds(Negotiate((uint)_options.Heartbeat.TotalSeconds, tune.Heartbeat));
        Send(0, new ConnectionTuneOk { ChannelMax = ChannelMax, FrameMax = FrameMax, Heartbeat = (ushort)Heartbeat.TotalSeconds });
        Send(0, new ConnectionOpen { VirtualHost = _options.VirtualHost });
        await ExpectMethodAsync(ConnectionOpenOk.Key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lower non-zero value wins; zero on one side means "no limit" there.</summary>
    private static uint Negotiate(uint client, uint server) => client == 0 ? server : server == 0 ? client : Math.Min(client, server);

    private static FieldTable ClientProperties(string? name)
    {
        var capabilities = new FieldTableBuilder()
            .Add("publisher_confirms", true)
            .Add("exchange_exchange_bindings", true)
            .Add("basic.nack", true)
            .Add("consumer_cancel_notify", true)
            .Add("connection.blocked", true)
            .Add("authentication_failure_close", true)
            .Build();
        var builder = new FieldTableBuilder()
            .Add("product", "Fabric.Amqp.Client")
            .Add("version", typeof(AmqpConnection).Assembly.GetName().Version?.ToString() ?? "0")
            .Add("platform", ".NET")
            .Add("capabilities", capabilities);
        if (name is not null)
        {
            builder.Add("connection_name", name);
        }

        return builder.Build();
    }

    /// <summary>Reads frames until a channel-0 method arrives; connection.close becomes an exception.</summary>
    private async Task<byte[]> ExpectMethodAsync(uint expectedKey, CancellationToken cancellationToken)
    {
        while (true)
        {
            var payload = await ReadHandshakeFrameAsync(cancellationToken).ConfigureAwait(false);
            if (payload is null)
            {
                continue;
            }

            var id = MethodDecoder.ReadMethodId(payload);
            if (id.Key == ConnectionClose.Key)
            {
                var close = ConnectionClose.Decode(payload.AsSpan(4));
                TrySend(new ConnectionCloseOk());
                throw new AmqpProtocolException(close.ReplyCode, close.ReplyText, close.ClassId, close.MethodId);
            }

            if (id.Key != expectedKey)
            {
                throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Unexpected method {id} during the handshake.");
            }

            return payload;
        }
    }

    /// <summary>One frame's method payload; null for heartbeats.</summary>
    private async Task<byte[]?> ReadHandshakeFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (FrameParser.TryReadFrame(ref reader, 0, out var frame))
            {
                byte[]? payload = frame.Type == FrameType.Heartbeat ? null : frame.Payload.ToArray();
                var type = frame.Type;
                var channel = frame.Channel;
                _input.AdvanceTo(reader.Position);
                if (type != FrameType.Heartbeat && (type != FrameType.Method || channel != 0))
                {
                    throw new AmqpProtocolException(ReplyCode.UnexpectedFrame, $"Unexpected {type} frame on channel {channel} during the handshake.");
                }

                return payload;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new AmqpConnectionLostException(
                    "The broker closed the socket during the handshake (refused credentials or virtual host?).");
            }
        }
    }

    private void TrySend<TMethod>(in TMethod method)
        where TMethod : IAmqpMethod
    {
        try
        {
            Send(0, method);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or AmqpProtocolException)
        {
            // Closing anyway.
        }
    }
}
