using System.Buffers;

namespace Fabric.Amqp.Frames;

/// <summary>A parsed frame; <see cref="Payload"/> is a slice of the input buffer (no copy).</summary>
public readonly struct Frame
{
    public Frame(FrameHeader header, ReadOnlySequence<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public FrameHeader Header { get; }
    public ReadOnlySequence<byte> Payload { get; }
    public FrameType Type => Header.Type;
    public ushort Channel => Header.Channel;
}
