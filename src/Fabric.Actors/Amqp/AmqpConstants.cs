namespace Fabric.Amqp;

/// <summary>Wire constants of AMQP 0-9-1 (values from the RabbitMQ protocol definition).</summary>
public static class AmqpConstants
{
    public const int DefaultPort = 5672;
    public const byte FrameEnd = 0xCE;
    public const int FrameMinSize = 4096;

    /// <summary>Type octet + channel (2) + payload size (4).</summary>
    public const int FrameHeaderSize = 7;

    /// <summary>Bytes a frame adds around its payload: header (7) and frame-end octet (1).</summary>
    public const int FrameOverhead = 8;

    public const int ShortStringMaxLength = 255;

    /// <summary>"AMQP" 0 0 9 1: the header a client sends before its first frame.</summary>
    public static ReadOnlySpan<byte> ProtocolHeader => "AMQP\0\0\u0009\u0001"u8;
}
