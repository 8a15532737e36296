namespace Fabric.Amqp.Tables;

/// <summary>AMQP timestamp: 64-bit POSIX time in seconds (field-table 'T', basic property timestamp).</summary>
public readonly record struct AmqpTimestamp(ulong UnixSeconds)
{
    public static AmqpTimestamp FromDateTimeOffset(DateTimeOffset time) => new((ulong)time.ToUnixTimeSeconds());

    public DateTimeOffset ToDateTimeOffset() => DateTimeOffset.FromUnixTimeSeconds((long)UnixSeconds);

    public override string ToString() => UnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
