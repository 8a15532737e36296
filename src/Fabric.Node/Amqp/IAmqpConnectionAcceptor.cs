using Microsoft.AspNetCore.Connections;

namespace Fabric.Node.Amqp;

/// <summary>The seam where the broker plugs in. <see cref="AmqpConnectionHandler"/> calls it once a client has
/// sent a valid AMQP 0-9-1 protocol header (already consumed from the transport); the acceptor then owns the
/// connection (connection.start, tune, open, channels...) until it returns.</summary>
public interface IAmqpConnectionAcceptor
{
    Task AcceptAsync(ConnectionContext connection);
}
