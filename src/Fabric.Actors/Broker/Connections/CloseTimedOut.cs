namespace Fabric.Broker.Connections;

/// <summary>Timer: the client did not answer our connection.close with close-ok in time; the socket is closed.</summary>
internal sealed class CloseTimedOut
{
    public static readonly CloseTimedOut Instance = new();

    private CloseTimedOut()
    {
    }
}
