using System.Buffers;

namespace Fabric.Broker.Connections;

/// <summary>Read loop → connection actor: bytes read from the socket; valid until the actor completes the gate.</summary>
internal sealed class InboundData(ReadOnlySequence<byte> buffer)
{
    public ReadOnlySequence<byte> Buffer { get; } = buffer;
}
