using Fabric.Broker.Connections;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;

namespace Fabric.Node.Amqp;

/// <summary>Runs each accepted socket as an <see cref="AmqpConnection"/> of the node's broker; when the node stops,
/// connections are closed with 320 CONNECTION_FORCED.</summary>
internal sealed class BrokerConnectionAcceptor(BrokerService broker, IHostApplicationLifetime lifetime) : IAmqpConnectionAcceptor
{
    public async Task AcceptAsync(ConnectionContext connection)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, lifetime.ApplicationStopping);
        await AmqpConnection.RunAsync(connection.Transport, connection.RemoteEndPoint, broker.Broker, readProtocolHeader: true,
            stop.Token);
    }
}
