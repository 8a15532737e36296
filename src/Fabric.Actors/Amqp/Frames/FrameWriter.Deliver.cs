using System.Buffers;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Wire;

namespace Fabric.Amqp.Frames;

/// <summary>The delivery hot path: names given as pre-encoded UTF-8 (kept with the consumer / message), no allocation.</summary>
public static partial class FrameWriter
{
    /// <summary>Writes a basic.deliver method frame from pre-encoded short strings (each at most 255 bytes).</summary>
    public static void WriteBasicDeliver(
        IBufferWriter<byte> output,
        ushort channel,
        ReadOnlySpan<byte> consumerTag,
        ulong deliveryTag,
        bool redelivered,
        ReadOnlySpan<byte> exchange,
        ReadOnlySpan<byte> routingKey)
    {
        int arguments = 1 + consumerTag.Length + 8 + 1 + 1 + exchange.Length + 1 + routingKey.Length;
        var span = output.GetSpan(MethodPrefix + arguments + 1);
        var writer = new AmqpWriter(span.Slice(MethodPrefix));
        writer.WriteShortString(consumerTag);
        writer.WriteLongLong(deliveryTag);
        writer.WriteOctet(redelivered ? (byte)1 : (byte)0);
        writer.WriteShortString(exchange);
        writer.WriteShortString(routingKey);
        FinishMethod(output, span, channel, new MethodId(BasicDeliver.ClassIndex, BasicDeliver.MethodIndex), writer.Position);
    }

    /// <summary>basic.deliver + content header + body frames: one whole delivery.</summary>
    public static void WriteDelivery(
        IBufferWriter<byte> output,
        ushort channel,
        ReadOnlySpan<byte> consumerTag,
        ulong deliveryTag,
        bool redelivered,
        ReadOnlySpan<byte> exchange,
        ReadOnlySpan<byte> routingKey,
        ReadOnlySpan<byte> rawProperties,
        in ReadOnlySequence<byte> body,
        uint frameMax)
    {
        WriteBasicDeliver(output, channel, consumerTag, deliveryTag, redelivered, exchange, routingKey);
        WriteContent(output, channel, BasicDeliver.ClassIndex, rawProperties, body, frameMax);
    }
}
