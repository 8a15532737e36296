namespace Fabric.Amqp.Tables;

/// <summary>
/// Field-table byte array ('x'). Kept distinct from long strings ('S', decoded as <c>byte[]</c>) so that
/// decode-then-encode reproduces the original type tag.
/// </summary>
public readonly struct AmqpBinary : IEquatable<AmqpBinary>
{
    private readonly byte[]? _bytes;

    public AmqpBinary(byte[] bytes) => _bytes = bytes;

    public byte[] Bytes => _bytes ?? [];

    public bool Equals(AmqpBinary other) => Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is AmqpBinary other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(AmqpBinary left, AmqpBinary right) => left.Equals(right);

    public static bool operator !=(AmqpBinary left, AmqpBinary right) => !left.Equals(right);

    public override string ToString() => Convert.ToHexString(Bytes);
}
