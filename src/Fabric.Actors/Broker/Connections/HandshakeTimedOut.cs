namespace Fabric.Broker.Connections;

/// <summary>Timer: the client did not reach connection.open-ok within the handshake timeout.</summary>
internal sealed class HandshakeTimedOut
{
    public static readonly HandshakeTimedOut Instance = new();

    private HandshakeTimedOut()
    {
    }
}
