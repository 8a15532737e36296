using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;

namespace Fabric.Actors.Tests.Connections;

/// <summary>A frame the test client read (payload copied).</summary>
internal sealed record TestFrame(FrameType Type, ushort Channel, byte[] Payload)
{
    public IAmqpMethod Method => MethodDecoder.Decode(Payload);

    public override string ToString() => Type == FrameType.Method ? $"{Method} on {Channel}" : $"{Type} on {Channel}";
}
