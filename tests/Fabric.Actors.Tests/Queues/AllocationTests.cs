using Fabric.Broker.Messages;
using Fabric.Broker.Queues;
using Xunit;

namespace Fabric.Actors.Tests.Queues;

/// <summary>The hot path (enqueue, dispatch, ack; requeue in place) must not allocate once warmed up.</summary>
public class AllocationTests
{
    private sealed class NullEffects : IQueueEffects
    {
        public long Delivered;
        public void Deliver(in Delivery delivery) => Delivered++;
        public void DeadLetter(Message message, DeadLetterReason reason, string queueName) { }
        public void PersistEnqueue(long messageId, Message message, long expiresAtMs) { }
        public void PersistRemove(long messageId) { }
    }

    private static long Cycle(QueueEngine q, NullEffects fx, Message[] messages, long[] ids, int rounds)
    {
        var first = fx.Delivered;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < messages.Length; i++) q.Enqueue(messages[i], r);
            // Requeue half (lands back in place), then ack everything in delivery order.
            var next = q.NextMessageId - messages.Length;
            for (var i = 0; i < ids.Length; i++) ids[i] = next + i;
            q.Reject(ids.AsSpan(0, ids.Length / 2), requeue: true, r);
            q.Ack(ids, r);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(first + rounds * (messages.Length + ids.Length / 2), fx.Delivered);
        return allocated;
    }

    [Fact]
    public void Steady_state_publish_deliver_requeue_ack_does_not_allocate()
    {
        var fx = new NullEffects();
        var q = new QueueEngine("q", "/", durable: true, QueueArguments.Default, fx, 0);
        Assert.Null(q.AddConsumer("c", 1, false, false, 0, 0, 0));
        var messages = new Message[64];
        for (var i = 0; i < messages.Length; i++) messages[i] = Q.Msg("m" + i, persistent: true);
        var ids = new long[messages.Length];

        Cycle(q, fx, messages, ids, 50); // warm up: grow buffers, tier up
        var allocated = Cycle(q, fx, messages, ids, 200);
        Assert.True(allocated < 1024, $"{allocated} bytes allocated for {200 * messages.Length} messages");
        Assert.Equal(0, q.UnackedCount + q.MessageCount);
    }
}
