using System.Buffers;
using System.IO.Pipelines;
using Fabric.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Fabric.Node.Amqp;

/// <summary>Kestrel's entry for AMQP sockets: reads the 8-byte protocol header within the handshake timeout.
/// A wrong header gets the supported header back and the socket closed (AMQP 0-9-1 section 4.2.2); a right
/// one passes the connection to the <see cref="IAmqpConnectionAcceptor"/>.</summary>
internal sealed class AmqpConnectionHandler(
    IAmqpConnectionAcceptor acceptor,
    FabricSettings settings,
    ILogger<AmqpConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        logger.LogDebug("Connection {ConnectionId} from {Remote} accepted", connection.ConnectionId, connection.RemoteEndPoint);
        bool valid;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            timeout.CancelAfter(settings.Amqp.HandshakeTimeout);
            bool? header;
            try
            {
                header = await ReadHeaderAsync(connection.Transport.Input, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                logger.LogDebug("Connection {ConnectionId}: no protocol header within {Timeout}; closing",
                    connection.ConnectionId, settings.Amqp.HandshakeTimeout);
                return;
            }
            if (header is null) return; // the client went away before sending 8 bytes
            valid = header.Value;
        }

        if (!valid)
        {
            logger.LogDebug("Connection {ConnectionId}: bad protocol header; replying with the supported one", connection.ConnectionId);
            await connection.Transport.Output.WriteAsync(AmqpProtocolHeader.Bytes.ToArray());
            await connection.Transport.Output.CompleteAsync();
            return;
        }
        await acceptor.AcceptAsync(connection);
    }

    /// <summary>True for a valid header (consumed), false for a wrong one, null when the input ended first.</summary>
    private static async Task<bool?> ReadHeaderAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= AmqpProtocolHeader.Length)
            {
                var header = buffer.Slice(0, AmqpProtocolHeader.Length);
                bool valid = Matches(header);
                input.AdvanceTo(valid ? header.End : buffer.Start, valid ? header.End : buffer.End);
                return valid;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool Matches(ReadOnlySequence<byte> header)
    {
        Span<byte> bytes = stackalloc byte[AmqpProtocolHeader.Length];
        header.CopyTo(bytes);
        return bytes.SequenceEqual(AmqpProtocolHeader.Bytes);
    }
}
