namespace Fabric.Node.Tests.Conformance.Raw;

/// <summary>The numbers of a connection.tune.</summary>
public readonly record struct TuneValues(ushort ChannelMax, uint FrameMax, ushort Heartbeat);
