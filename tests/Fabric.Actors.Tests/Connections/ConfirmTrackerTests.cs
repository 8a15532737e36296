using System.Buffers;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Buffers;
using Fabric.Broker.Connections;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Connections;

/// <summary>Publisher confirms: whatever order the queues answer in, every sequence number is confirmed once, in
/// order, nacked exactly when a queue refused it.</summary>
public class ConfirmTrackerTests
{
    [Fact]
    public void Any_answer_order_confirms_each_message_once_and_in_order()
    {
        // Per message: how many queues it reached (0-3) and whether one of them refuses it.
        var messages = Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 3), Gen.Elements(false, false, false, true)));
        var gen = from ms in messages
                  from seed in Gen.Choose(0, int.MaxValue)
                  from flushEvery in Gen.Choose(1, 5)
                  select (ms, seed, flushEvery);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (ms, seed, flushEvery) = input;
            var tracker = new ConfirmTracker();
            var answers = new List<(ulong Seq, bool Ack)>();
            for (int i = 0; i < ms.Length; i++)
            {
                ulong seq = (ulong)i + 1;
                var (targets, refused) = ms[i];
                tracker.Add(seq, targets);
                for (int t = 0; t < targets; t++)
                {
                    answers.Add((seq, !(refused && t == 0)));
                }
            }

            var random = new Random(seed);
            var shuffled = answers.OrderBy(_ => random.Next()).ToList();
            var output = new ArrayBufferWriter<byte>();
            for (int i = 0; i < shuffled.Count; i++)
            {
                Assert.True(tracker.Confirm(shuffled[i].Seq, shuffled[i].Ack));
                if (i % flushEvery == 0)
                {
                    tracker.WriteReady(output, 1);
                }
            }

            tracker.WriteReady(output, 1);
            Assert.Equal(0, tracker.Outstanding);

            var outcome = Decode(output.WrittenMemory, ms.Length);
            for (int i = 0; i < ms.Length; i++)
            {
                var (targets, refused) = ms[i];
                Assert.Equal(refused && targets > 0 ? "nack" : "ack", outcome[i]);
            }
        }));
    }

    [Fact]
    public void A_tracker_trimmed_after_a_burst_keeps_its_outstanding_confirms_in_order()
    {
        var tracker = new ConfirmTracker();
        for (ulong seq = 1; seq <= 1000; seq++) tracker.Add(seq, targets: 1);
        Assert.True(tracker.ConfirmRange(1, 990));
        var output = new ArrayBufferWriter<byte>();
        tracker.WriteReady(output, 1);
        var burstCapacity = tracker.Capacity;

        tracker.TrimExcess();
        Assert.Equal(10, tracker.Outstanding);
        Assert.True(tracker.Capacity < burstCapacity && tracker.Capacity <= SpareCapacity.Small, $"{tracker.Capacity} slots");
        for (ulong seq = 1001; seq <= 1100; seq++) tracker.Add(seq, targets: 0);
        Assert.True(tracker.ConfirmRange(991, 1000));
        tracker.WriteReady(output, 1);

        Assert.Equal(0, tracker.Outstanding);
        Assert.All(Decode(output.WrittenMemory, 1100), outcome => Assert.Equal("ack", outcome));
    }

    /// <summary>Replays the confirms as a client does: multiple covers every earlier outstanding number.</summary>
    private static string[] Decode(ReadOnlyMemory<byte> bytes, int count)
    {
        var outcome = new string?[count];
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        ulong last = 0;
        while (FrameParser.TryReadFrame(ref reader, 0, out var frame))
        {
            var method = MethodDecoder.Decode(frame.Payload);
            var (tag, multiple, kind) = method switch
            {
                BasicAck a => (a.DeliveryTag, a.Multiple, "ack"),
                BasicNack n => (n.DeliveryTag, n.Multiple, "nack"),
                _ => throw new InvalidOperationException(method.ToString()),
            };
            Assert.True(tag > last, $"confirm {tag} after {last}: out of order or repeated");
            for (ulong seq = multiple ? 1 : tag; seq <= tag; seq++)
            {
                outcome[seq - 1] ??= kind;
            }

            Assert.Equal(kind, outcome[tag - 1]);
            last = tag;
        }

        Assert.All(outcome, o => Assert.NotNull(o));
        return outcome!;
    }
}
