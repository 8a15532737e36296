namespace Fabric.Broker.Connections;

internal enum ConnectionPhase
{
    /// <summary>connection.start sent; waiting for start-ok.</summary>
    AwaitingStartOk,

    /// <summary>connection.tune sent; waiting for tune-ok.</summary>
    AwaitingTuneOk,

    /// <summary>tune-ok received; waiting for connection.open.</summary>
    AwaitingOpen,

    Open,

    /// <summary>We sent connection.close; only close / close-ok are processed.</summary>
    Closing,

    /// <summary>The socket is being closed; nothing more is read or written.</summary>
    Closed,
}
