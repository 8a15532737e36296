using System.Buffers;
using System.Buffers.Binary;
using Fabric.Amqp.Wire;

namespace Fabric.Amqp.Methods;

/// <summary>
/// Decodes method frame payloads (class id, method id, arguments). Errors: a payload shorter than the ids
/// is 501 FRAME_ERROR, an unknown class/method 503 COMMAND_INVALID, bad arguments 502 SYNTAX_ERROR, each
/// raised as <see cref="AmqpProtocolException"/> naming the method when known.
/// Hot paths can read the id with <see cref="ReadMethodId(ReadOnlySpan{byte})"/> and call the struct's own
/// static <c>Decode</c> on the arguments to avoid boxing.
/// </summary>
public static partial class MethodDecoder
{
    private const int IdSize = 4;
    private const int StackCopyLimit = 512;

    /// <param name="strings">Optional per-connection intern cache for short strings.</param>
    public static IAmqpMethod Decode(in ReadOnlySequence<byte> payload, ShortStringCache? strings = null)
    {
        if (payload.IsSingleSegment)
        {
            return Decode(payload.FirstSpan, strings);
        }

        // A method split across buffer segments: rare, so a pooled copy is fine.
        int length = checked((int)payload.Length);
        if (length <= StackCopyLimit)
        {
            Span<byte> copy = stackalloc byte[length];
            payload.CopyTo(copy);
            return Decode(copy, strings);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            return Decode(rented.AsSpan(0, length), strings);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static IAmqpMethod Decode(ReadOnlySpan<byte> payload, ShortStringCache? strings = null)
    {
        var id = ReadMethodId(payload);
        try
        {
            return DecodeArguments(id.Key, payload.Slice(IdSize), strings);
        }
        catch (AmqpProtocolException e) when (e.ClassId == 0 && e.MethodId == 0)
        {
            throw e.WithMethod(id);
        }
    }

    public static MethodId ReadMethodId(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < IdSize)
        {
            throw AmqpProtocolException.Frame($"method frame of {payload.Length} bytes has no class and method id");
        }

        return new MethodId(BinaryPrimitives.ReadUInt16BigEndian(payload), BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(2)));
    }

    public static MethodId ReadMethodId(in ReadOnlySequence<byte> payload)
    {
        Span<byte> ids = stackalloc byte[IdSize];
        if (payload.Length < IdSize)
        {
            throw AmqpProtocolException.Frame($"method frame of {payload.Length} bytes has no class and method id");
        }

        payload.Slice(0, IdSize).CopyTo(ids);
        return ReadMethodId(ids);
    }

    /// <summary>The arguments of a method payload (everything after the 4 id bytes).</summary>
    public static ReadOnlySpan<byte> Arguments(ReadOnlySpan<byte> payload) => payload.Slice(IdSize);

    private static AmqpProtocolException UnknownMethod(uint key) => new(
        ReplyCode.CommandInvalid,
        $"unknown method {key >> 16}.{key & 0xFFFF}",
        (ushort)(key >> 16),
        (ushort)key);
}
