using System.Buffers.Binary;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// Deterministic bodies: publisher, sequence and length up front, then bytes derived from them, so any corruption
/// (truncation, a foreign body, swapped bytes) is detected on receipt.
/// </summary>
public static class MessageBody
{
    private const int HeaderLength = 12;

    public static byte[] Create(int publisher, int sequence)
    {
        var length = LengthOf(publisher, sequence);
        var body = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(body, publisher);
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(4), sequence);
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(8), length);
        for (var i = HeaderLength; i < length; i++) body[i] = Filler(publisher, sequence, i);
        return body;
    }

    /// <summary>Reads the identity of a body and checks its content; false when it is not one of ours intact.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out int publisher, out int sequence)
    {
        publisher = sequence = 0;
        if (body.Length < HeaderLength) return false;
        publisher = BinaryPrimitives.ReadInt32BigEndian(body);
        sequence = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
        if (body.Length != LengthOf(publisher, sequence) || BinaryPrimitives.ReadInt32BigEndian(body[8..]) != body.Length) return false;
        for (var i = HeaderLength; i < body.Length; i++)
            if (body[i] != Filler(publisher, sequence, i)) return false;
        return true;
    }

    private static int LengthOf(int publisher, int sequence) =>
        HeaderLength + (int)(((uint)sequence * 2654435761u + (uint)publisher * 40503u) % 1500u);

    private static byte Filler(int publisher, int sequence, int index) => (byte)(publisher * 131 + sequence * 17 + index * 7);
}
