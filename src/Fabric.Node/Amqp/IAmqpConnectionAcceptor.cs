using Microsoft.AspNetCore.Connections;

namespace Fabric.Node.Amqp;

/// <summary>The seam where the broker plugs in: <see cref="AmqpConnectionHandler"/> calls it for every accepted
/// socket; the acceptor then owns the connection (protocol header, connection.start, tune, open, channels...)
/// until it returns.</summary>
public interface IAmqpConnectionAcceptor
{
    Task AcceptAsync(ConnectionContext connection);
}
