namespace Fabric.Broker.Connections;

/// <summary>Read loop → connection actor: the socket's input ended (peer closed, error, or the actor asked to stop).</summary>
internal sealed class InboundClosed
{
    public static readonly InboundClosed Instance = new();

    private InboundClosed()
    {
    }
}
