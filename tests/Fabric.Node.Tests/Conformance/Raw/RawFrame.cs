using System.Buffers.Binary;
using System.Text;

namespace Fabric.Node.Tests.Conformance.Raw;

/// <summary>One frame as read off the socket, with just enough decoding for assertions.</summary>
public sealed record RawFrame(byte Type, ushort Channel, byte[] Payload)
{
    public const byte Method = 1;
    public const byte Header = 2;
    public const byte Body = 3;
    public const byte Heartbeat = 8;
    public const byte FrameEnd = 0xCE;

    public ushort ClassId => Type == Method ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : (ushort)0;

    public ushort MethodId => Type == Method ? BinaryPrimitives.ReadUInt16BigEndian(Payload.AsSpan(2)) : (ushort)0;

    public bool Is(ushort classId, ushort methodId) => Type == Method && ClassId == classId && MethodId == methodId;

    /// <summary>Reply code and text of a connection.close or channel.close.</summary>
    public (ushort Code, string Text) CloseReason()
    {
        var code = BinaryPrimitives.ReadUInt16BigEndian(Payload.AsSpan(4));
        var len = Payload[6];
        return (code, Encoding.UTF8.GetString(Payload, 7, len));
    }

    public override string ToString() =>
        Type == Method ? $"method {ClassId}.{MethodId} ch{Channel}" : $"frame type {Type} ch{Channel} ({Payload.Length} bytes)";

    /// <summary>Encodes a frame; frameEnd lets a test send a corrupt terminator.</summary>
    public static byte[] Encode(byte type, ushort channel, ReadOnlySpan<byte> payload, byte frameEnd = FrameEnd)
    {
        var frame = new byte[7 + payload.Length + 1];
        frame[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), channel);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(3), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(7));
        frame[^1] = frameEnd;
        return frame;
    }

    public static byte[] EncodeMethod(ushort channel, ushort classId, ushort methodId, WireWriter? args = null)
    {
        var w = new WireWriter().Short(classId).Short(methodId);
        if (args is not null)
        {
            w.Raw(args.ToArray());
        }

        return Encode(Method, channel, w.ToArray());
    }
}
