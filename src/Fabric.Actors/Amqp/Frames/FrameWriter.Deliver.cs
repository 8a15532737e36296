using System.Buffers;
using System.Buffers.Binary;
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
        var span = output.GetSpan(DeliverFrameSize(consumerTag, exchange, routingKey));
        output.Advance(FillBasicDeliver(span, channel, consumerTag, deliveryTag, redelivered, exchange, routingKey));
    }

    private static int DeliverFrameSize(ReadOnlySpan<byte> consumerTag, ReadOnlySpan<byte> exchange, ReadOnlySpan<byte> routingKey) =>
        MethodPrefix + 1 + consumerTag.Length + 8 + 1 + 1 + exchange.Length + 1 + routingKey.Length + 1;

    /// <summary>Writes the basic.deliver frame at the start of <paramref name="span"/>; returns its length.</summary>
    private static int FillBasicDeliver(Span<byte> span, ushort channel, ReadOnlySpan<byte> consumerTag, ulong deliveryTag,
        bool redelivered, ReadOnlySpan<byte> exchange, ReadOnlySpan<byte> routingKey)
    {
        var writer = new AmqpWriter(span.Slice(MethodPrefix));
        writer.WriteShortString(consumerTag);
        writer.WriteLongLong(deliveryTag);
        writer.WriteOctet(redelivered ? (byte)1 : (byte)0);
        writer.WriteShortString(exchange);
        writer.WriteShortString(routingKey);
        return FillMethodFrame(span, channel, new MethodId(BasicDeliver.ClassIndex, BasicDeliver.MethodIndex), writer.Position);
    }

    /// <summary>Deliveries up to this size are written with one GetSpan / Advance (a pipe's segments are 4 KB).</summary>
    private const int OneSpanDelivery = 2048;

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
        ReadOnlySpan<byte> body,
        uint frameMax)
    {
        int method = DeliverFrameSize(consumerTag, exchange, routingKey);
        int header = AmqpConstants.FrameOverhead + ContentHeaderFixed + rawProperties.Length;
        int total = method + header + (body.IsEmpty ? 0 : AmqpConstants.FrameOverhead + body.Length);
        if (total > OneSpanDelivery || body.Length > MaxBodyChunk(frameMax)
            || consumerTag.Length > AmqpConstants.ShortStringMaxLength || exchange.Length > AmqpConstants.ShortStringMaxLength
            || routingKey.Length > AmqpConstants.ShortStringMaxLength)
        {
            WriteBasicDeliver(output, channel, consumerTag, deliveryTag, redelivered, exchange, routingKey);
            WriteContent(output, channel, BasicDeliver.ClassIndex, rawProperties, body, frameMax);
            return;
        }

        var span = output.GetSpan(total);
        FillBasicDeliver(span, channel, consumerTag, deliveryTag, redelivered, exchange, routingKey);
        FillContentHeader(span.Slice(method), channel, BasicDeliver.ClassIndex, (ulong)body.Length, rawProperties);
        if (!body.IsEmpty)
        {
            FillBodyFrame(span.Slice(method + header), channel, body);
        }

        output.Advance(total);
    }
}
