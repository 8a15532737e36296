using Fabric.Broker.Contracts;

namespace Fabric.Rpc.Transport.Node;

/// <summary><c>broker.CreateRpcTransport()</c>: how a service hosted inside a node gets its RPC transport.</summary>
public static class BrokerRpcExtensions
{
    /// <summary>A <see cref="NodeRpcTransport"/> in <paramref name="virtualHost"/> acting as <paramref name="user"/>.</summary>
    public static NodeRpcTransport CreateRpcTransport(this IBroker broker, string virtualHost = "/", string user = "guest") =>
        NodeRpcTransport.Create(broker, new NodeRpcTransportOptions { VirtualHost = virtualHost, User = user });
}
