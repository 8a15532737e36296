namespace Fabric.Amqp.Frames;

/// <summary>The 7-byte frame header: type, channel, payload size.</summary>
public readonly record struct FrameHeader(FrameType Type, ushort Channel, uint PayloadSize);
