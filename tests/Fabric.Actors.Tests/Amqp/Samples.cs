using System.Buffers;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;

namespace Fabric.Actors.Tests.Amqp;

/// <summary>Sample values and encode helpers shared by the codec tests.</summary>
internal static class Samples
{
    /// <summary>A table with one value of every field type, nested tables and arrays; varies with seed.</summary>
    public static FieldTable Table(int seed)
    {
        var inner = new FieldTableBuilder()
            .Add("deep", new FieldTableBuilder().Add("n", seed).Build())
            .Add("list", new object?[] { 1, "two", null, new object?[] { (byte)3 } })
            .Build();
        return new FieldTableBuilder()
            .Add("bool", seed % 2 == 0)
            .Add("i8", (sbyte)-seed)
            .Add("u8", (byte)(200 + seed))
            .Add("i16", (short)(-1000 - seed))
            .Add("u16", (ushort)(60000 + seed))
            .Add("i32", -100000 - seed)
            .Add("u32", 4000000000u + (uint)seed)
            .Add("i64", long.MinValue + seed)
            .Add("f32", 1.5f + seed)
            .Add("f64", -2.25 - seed)
            .Add("dec", new AmqpDecimal(2, -12345 - seed))
            .Add("str", "héllo ✓ " + seed)
            .Add("bin", new AmqpBinary([0, 255, (byte)seed]))
            .Add("ts", new AmqpTimestamp(1700000000UL + (ulong)seed))
            .Add("void", null)
            .Add("table", inner)
            .Add("array", new object?[] { true, 1.0, new AmqpBinary([1]), inner })
            .Build();
    }

    public static byte[] EncodeMethodFrame(IAmqpMethod method, ushort channel = 1)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteMethod(buffer, channel, method);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits bytes into a sequence of segments of the given sizes (the last takes the rest).</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        if (bytes.Length <= segmentSize)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.AsMemory(0, segmentSize), 0);
        var last = first;
        for (int at = segmentSize; at < bytes.Length; at += segmentSize)
        {
            last = last.Append(bytes.AsMemory(at, Math.Min(segmentSize, bytes.Length - at)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
