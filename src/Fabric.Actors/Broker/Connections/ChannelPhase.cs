namespace Fabric.Broker.Connections;

internal enum ChannelPhase
{
    Open,

    /// <summary>We sent channel.close after a channel error; everything but close / close-ok is discarded.</summary>
    Closing,
}
