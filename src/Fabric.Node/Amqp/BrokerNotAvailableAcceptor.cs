using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Fabric.Node.Amqp;

/// <summary>Stands in until the broker exists: logs and closes the connection after a valid protocol header.</summary>
// TODO(broker): replace with the broker's IAmqpConnectionAcceptor (ConnectionActor per socket) in NodeHost.
internal sealed class BrokerNotAvailableAcceptor(ILogger<BrokerNotAvailableAcceptor> logger) : IAmqpConnectionAcceptor
{
    public async Task AcceptAsync(ConnectionContext connection)
    {
        logger.LogWarning("Connection {ConnectionId} from {Remote}: no broker is wired in yet; closing",
            connection.ConnectionId, connection.RemoteEndPoint);
        await connection.Transport.Output.CompleteAsync();
    }
}
