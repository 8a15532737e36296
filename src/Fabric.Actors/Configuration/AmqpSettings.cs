using System.Net;

namespace Fabric.Configuration;

/// <summary><c>fabric.amqp</c>: the AMQP 0-9-1 listener and the limits it negotiates.</summary>
public sealed record AmqpSettings(
    string Host,
    int Port,
    int FrameMax,
    ushort ChannelMax,
    TimeSpan Heartbeat,
    TimeSpan HandshakeTimeout,
    int MaxConnections,
    long MaxMessageSize,
    bool TcpNoDelay,
    int Backlog,
    int ConsumerCredit = 400,
    int ConsumerCreditBatch = 200,
    int SocketBufferBlock = AmqpSettings.DefaultSocketBufferBlock)
{
    /// <summary>The socket transport's pooled buffer size (a socket read takes at most one block).</summary>
    public const int DefaultSocketBufferBlock = 64 * 1024;

    /// <summary>The smallest frame-max AMQP 0-9-1 allows (frame-min-size).</summary>
    public const int MinFrameMax = 4096;

    /// <summary>Largest body Fabric accepts, as RabbitMQ.</summary>
    public const long MaxMessageSizeLimit = 512L * 1024 * 1024;

    internal static AmqpSettings From(SettingsReader amqp)
    {
        string host = amqp.NonEmptyString("host");
        if (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw amqp.Invalid("host", $"'{host}' is not an IP address or host name");
        int channelMax = amqp.Int("channel-max", 0, ushort.MaxValue);
        int credit = amqp.Int("consumer-credit", 0, int.MaxValue);
        int creditBatch = amqp.Int("consumer-credit-batch", 1, int.MaxValue);
        // A batch larger than the credit would never be reached: the queue stops first.
        if (credit > 0 && creditBatch > credit)
            throw amqp.Invalid("consumer-credit-batch", $"{creditBatch} is larger than consumer-credit ({credit})");
        return new AmqpSettings(
            host,
            amqp.Int("port", 1, ushort.MaxValue),
            amqp.Int("frame-max", MinFrameMax, int.MaxValue),
            channelMax == 0 ? ushort.MaxValue : (ushort)channelMax,
            amqp.Duration("heartbeat", TimeSpan.Zero, TimeSpan.FromSeconds(ushort.MaxValue)),
            amqp.Duration("handshake-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)),
            amqp.Int("max-connections", 0, int.MaxValue),
            amqp.ByteSize("max-message-size", 1, MaxMessageSizeLimit),
            amqp.Boolean("tcp-no-delay"),
            amqp.Int("backlog", 1, int.MaxValue),
            credit,
            creditBatch,
            (int)amqp.ByteSize("socket-buffer-block", 4096, 1024 * 1024));
    }
}
