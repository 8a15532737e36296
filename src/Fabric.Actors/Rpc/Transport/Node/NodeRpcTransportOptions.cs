namespace Fabric.Rpc.Transport.Node;

/// <summary>Settings of <see cref="NodeRpcTransport"/>: where in the node and as whom, besides oslo's driver options.</summary>
public sealed record NodeRpcTransportOptions : OsloDriverOptions
{
    /// <summary>The node's virtual host the transport works in.</summary>
    public string VirtualHost { get; init; } = "/";

    /// <summary>
    /// The internal user: every declare, publish and consume is checked against this user's configure / write / read
    /// permissions in <see cref="VirtualHost"/>, as for an AMQP client logged in as it (no password: the service
    /// runs inside the node).
    /// </summary>
    public string User { get; init; } = "guest";
}
