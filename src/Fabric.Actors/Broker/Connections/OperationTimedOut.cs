namespace Fabric.Broker.Connections;

/// <summary>Timer: a queue did not reply to a consume / cancel / get in time.</summary>
internal sealed class OperationTimedOut
{
    public static readonly OperationTimedOut Instance = new();

    private OperationTimedOut()
    {
    }
}
