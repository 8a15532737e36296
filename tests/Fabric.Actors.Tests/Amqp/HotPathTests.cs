using System.Buffers;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Wire;
using Xunit;

namespace Fabric.Actors.Tests.Amqp;

public class HotPathTests
{
    private static readonly byte[] Tag = "amq.ctag-1"u8.ToArray();
    private static readonly byte[] Exchange = "orders"u8.ToArray();
    private static readonly byte[] Key = "order.created"u8.ToArray();

    [Fact]
    public void Pre_encoded_deliver_matches_the_generated_struct()
    {
        var fromStruct = Samples.EncodeMethodFrame(
            new BasicDeliver { ConsumerTag = "amq.ctag-1", DeliveryTag = 99, Redelivered = true, Exchange = "orders", RoutingKey = "order.created" },
            channel: 4);
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteBasicDeliver(buffer, 4, Tag, 99, true, Exchange, Key);
        Assert.Equal(fromStruct, buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(0, 131072u)]
    [InlineData(1, 131072u)]
    [InlineData(300, 131072u)]
    [InlineData(300, 100u)] // body split over frames: the frame-by-frame path
    [InlineData(1900, 131072u)]
    [InlineData(5000, 131072u)] // above the one-span size
    [InlineData(5000, 0u)]
    public void A_whole_delivery_is_the_deliver_method_then_the_content(int bodySize, uint frameMax)
    {
        var body = new byte[bodySize];
        for (int i = 0; i < body.Length; i++) body[i] = (byte)i;
        byte[] props = [0x90, 0x00, 0, 4, (byte)'t', (byte)'e', (byte)'x', (byte)'t', 2];
        var expected = new ArrayBufferWriter<byte>();
        FrameWriter.WriteBasicDeliver(expected, 3, Tag, 77, true, Exchange, Key);
        FrameWriter.WriteContent(expected, 3, 60, props, body, frameMax);

        var contiguous = new ArrayBufferWriter<byte>();
        FrameWriter.WriteDelivery(contiguous, 3, Tag, 77, true, Exchange, Key, props, body, frameMax);
        Assert.Equal(expected.WrittenSpan.ToArray(), contiguous.WrittenSpan.ToArray());
    }

    [Fact]
    public void Encoding_deliveries_does_not_allocate()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var body = new ReadOnlySequence<byte>(new byte[300]);
        byte[] props = [0x10, 0x00, 2];
        var deliver = new BasicDeliver { ConsumerTag = "amq.ctag-1", DeliveryTag = 1, Exchange = "orders", RoutingKey = "order.created" };
        WriteBoth(buffer, deliver, props, body);
        buffer.ResetWrittenCount();

        Assert.Equal(0, SteadyStateAllocation.Measure(() =>
        {
            buffer.ResetWrittenCount();
            for (int i = 0; i < 100; i++)
            {
                WriteBoth(buffer, deliver, props, body);
            }
        }));
    }

    [Fact]
    public void Decoding_acks_and_interned_publishes_does_not_allocate()
    {
        byte[] ack = Samples.EncodeMethodFrame(new BasicAck { DeliveryTag = 7, Multiple = true })[7..^1];
        byte[] nack = Samples.EncodeMethodFrame(new BasicNack { DeliveryTag = 8 })[7..^1];
        byte[] publish = Samples.EncodeMethodFrame(new BasicPublish { Exchange = "orders", RoutingKey = "order.created" })[7..^1];
        var strings = new ShortStringCache();
        ulong sum = Dispatch(ack, strings) + Dispatch(nack, strings) + Dispatch(publish, strings);

        Assert.Equal(0, SteadyStateAllocation.Measure(() =>
        {
            sum = 0;
            for (int i = 0; i < 100; i++)
            {
                sum += Dispatch(ack, strings) + Dispatch(nack, strings) + Dispatch(publish, strings);
            }
        }));
        Assert.Equal(100UL * (7 + 8 + 6 + 13), sum);
    }

    [Fact]
    public void Short_string_cache_returns_the_same_instance_for_the_same_bytes()
    {
        var cache = new ShortStringCache(4);
        string a = cache.Get("orders"u8);
        Assert.Same(a, cache.Get("orders"u8));
        Assert.Equal("other", cache.Get("other"u8));
        Assert.Equal("orders", cache.Get("orders"u8));
        Assert.Same(string.Empty, cache.Get(default));
    }

    private static void WriteBoth(ArrayBufferWriter<byte> buffer, in BasicDeliver deliver, byte[] props, in ReadOnlySequence<byte> body)
    {
        FrameWriter.WriteMethod(buffer, 1, deliver);
        FrameWriter.WriteContent(buffer, 1, 60, props, body, 131072);
        FrameWriter.WriteDelivery(buffer, 1, Tag, 2, false, Exchange, Key, props, body.FirstSpan, 131072);
    }

    /// <summary>The dispatch a connection does: switch on the id, decode hot methods as structs.</summary>
    private static ulong Dispatch(byte[] payload, ShortStringCache strings)
    {
        var args = MethodDecoder.Arguments(payload);
        switch (MethodDecoder.ReadMethodId(payload).Key)
        {
            case BasicAck.Key:
                return BasicAck.Decode(args).DeliveryTag;
            case BasicNack.Key:
                return BasicNack.Decode(args).DeliveryTag;
            case BasicPublish.Key:
                var p = BasicPublish.Decode(args, strings);
                return (ulong)(p.Exchange.Length + p.RoutingKey.Length);
            default:
                throw new InvalidOperationException();
        }
    }
}
