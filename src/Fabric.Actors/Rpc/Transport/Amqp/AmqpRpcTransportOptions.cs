using Fabric.Amqp.Client;

namespace Fabric.Rpc.Transport.Amqp;

/// <summary>Settings of <see cref="AmqpRpcTransport"/>: the connection and its reconnecting, besides oslo's driver options.</summary>
public sealed record AmqpRpcTransportOptions : OsloDriverOptions
{
    public AmqpConnectionOptions Connection { get; init; } = new();

    /// <summary>First reconnect delay; it doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public static AmqpRpcTransportOptions FromUri(string uri) => new() { Connection = AmqpConnectionOptions.FromUri(uri) };
}
