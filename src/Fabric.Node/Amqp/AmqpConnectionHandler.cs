using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Fabric.Node.Amqp;

/// <summary>Kestrel's entry for AMQP sockets: hands each connection to the <see cref="IAmqpConnectionAcceptor"/>
/// (the protocol header, handshake and everything after it are the library's <c>AmqpConnection</c>'s).</summary>
internal sealed class AmqpConnectionHandler(IAmqpConnectionAcceptor acceptor, ILogger<AmqpConnectionHandler> logger)
    : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        logger.LogDebug("Connection {ConnectionId} from {Remote} accepted", connection.ConnectionId, connection.RemoteEndPoint);
        try
        {
            await acceptor.AcceptAsync(connection);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Connection {ConnectionId} from {Remote} failed", connection.ConnectionId, connection.RemoteEndPoint);
        }
    }
}
