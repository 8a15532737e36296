namespace Fabric.Broker.Connections;

/// <summary>Periodic timer: send a heartbeat when the write side is idle; drop a peer silent for two intervals.</summary>
internal sealed class HeartbeatTick
{
    public static readonly HeartbeatTick Instance = new();

    private HeartbeatTick()
    {
    }
}
