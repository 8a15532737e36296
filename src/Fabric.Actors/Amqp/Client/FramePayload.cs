using System.Buffers;
using Fabric.Amqp.Methods;

namespace Fabric.Amqp.Client;

/// <summary>Contiguous views of frame payloads (a copy only when the payload spans buffer segments).</summary>
internal static class FramePayload
{
    /// <summary>The method id and the arguments after it.</summary>
    public static ReadOnlySpan<byte> Method(in ReadOnlySequence<byte> payload, out MethodId id)
    {
        ReadOnlySpan<byte> span = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        id = MethodDecoder.ReadMethodId(span);
        return MethodDecoder.Arguments(span);
    }

    public static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
}
