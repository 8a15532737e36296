using System.Buffers;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Connections;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

/// <summary>A run of confirms from one queue counts as that queue's answer for each sequence number in it.</summary>
public class ConfirmRangeTests
{
    [Fact]
    public void A_run_answers_once_per_sequence_number_and_ignores_what_is_not_outstanding()
    {
        var tracker = new ConfirmTracker();
        for (ulong seq = 1; seq <= 10; seq++) tracker.Add(seq, seq == 4 ? 2 : 1); // 4 went to two queues

        Assert.True(tracker.ConfirmRange(1, 6));
        var output = new ArrayBufferWriter<byte>();
        Assert.True(tracker.WriteReady(output, 1));
        // 1..3 acked as one multiple ack; 4 still waits for its second queue (5 and 6 wait behind it).
        Assert.Equal(new BasicAck { DeliveryTag = 3, Multiple = true }, SingleAck(output));
        Assert.Equal(7, tracker.Outstanding);

        Assert.True(tracker.ConfirmRange(4, 4));
        Assert.True(tracker.ConfirmRange(7, 20)); // 11..20 were never published
        Assert.False(tracker.ConfirmRange(30, 40));
        output.Clear();
        Assert.True(tracker.WriteReady(output, 1));
        Assert.Equal(new BasicAck { DeliveryTag = 10, Multiple = true }, SingleAck(output));
        Assert.Equal(0, tracker.Outstanding);
        Assert.False(tracker.ConfirmRange(1, 10));
    }

    private static BasicAck SingleAck(ArrayBufferWriter<byte> output)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(output.WrittenMemory));
        Assert.True(FrameParser.TryReadFrame(ref reader, 0, out var frame));
        Assert.Equal(0, reader.Remaining);
        return Assert.IsType<BasicAck>(MethodDecoder.Decode(frame.Payload));
    }
}
