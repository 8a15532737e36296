using Fabric.Broker.Buffers;
using Fabric.Broker.Queues;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

/// <summary>The ready ring against a plain queue as the model, from a lazily allocated (capacity 0) start.</summary>
public class RingBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Pushes_and_pops_follow_a_fifo(int capacity)
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Gen.ListOf(Gen.Choose(-3, 5)).ToArbitrary(), ops =>
        {
            var ring = new RingBuffer<int>(capacity);
            var model = new Queue<int>();
            var next = 0;
            foreach (var op in ops)
            {
                if (op < 0 && model.Count > 0)
                {
                    Assert.Equal(model.Dequeue(), ring.PopFront());
                }
                else if (op == 0)
                {
                    ring.Clear();
                    model.Clear();
                }
                else
                {
                    for (var i = 0; i < op; i++)
                    {
                        ring.PushBack(next);
                        model.Enqueue(next++);
                    }
                }
                Assert.Equal(model.Count, ring.Count);
                if (model.Count == 0) continue;
                Assert.Equal(model.Peek(), ring.Front);
                Assert.Equal(model.Last(), ring.Back);
                var i2 = 0;
                foreach (var item in model) Assert.Equal(item, ring[i2++]);
            }
        }));
    }

    [Fact]
    public void Trimming_between_bursts_keeps_the_fifo_and_leaves_no_excess()
    {
        // -2: pop up to 150, -1: pop one, 0: trim, 1..3: push a burst of 50..150.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Gen.ListOf(Gen.Choose(-2, 3)).ToArbitrary(), ops =>
        {
            var ring = new RingBuffer<int>(capacity: 0);
            var model = new Queue<int>();
            var next = 0;
            foreach (var op in ops)
            {
                if (op < 0)
                {
                    for (var n = op == -1 ? 1 : 150; n > 0 && model.Count > 0; n--) Assert.Equal(model.Dequeue(), ring.PopFront());
                }
                else if (op == 0)
                {
                    ring.TrimExcess();
                    Assert.False(SpareCapacity.IsExcess(ring.Capacity, ring.Count), $"{ring.Capacity} slots for {ring.Count}");
                    if (ring.Count == 0) Assert.True(ring.Capacity <= SpareCapacity.Small);
                }
                else
                {
                    for (var i = 0; i < op * 50; i++)
                    {
                        ring.PushBack(next);
                        model.Enqueue(next++);
                    }
                }
                Assert.Equal(model.Count, ring.Count);
                var index = 0;
                foreach (var item in model) Assert.Equal(item, ring[index++]);
            }
        }));
    }
}
