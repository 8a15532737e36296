namespace Fabric.Node.Amqp;

/// <summary>The 8-byte protocol header that opens every AMQP 0-9-1 connection: "AMQP" 0 0 9 1.</summary>
internal static class AmqpProtocolHeader
{
    public const int Length = 8;

    public static ReadOnlySpan<byte> Bytes => "AMQP\0\0\u0009\u0001"u8;
}
