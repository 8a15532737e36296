using System.Text;
using Fabric.Actors.Tests.PersistentActors;
using Fabric.Amqp.Content;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Messages;
using Fabric.Persistence.Actors;
using Xunit;

namespace Fabric.Actors.Tests.Durability;

/// <summary>The pieces together, the way the QueueActor will use them (SQLite store, real PersistentActor).</summary>
public sealed class DurableQueueSketchTests : PersistenceTestKit
{
    private static readonly byte[] Persistent = new BasicProperties { DeliveryMode = 2 }.ToArray();
    private static readonly byte[] Transient = new BasicProperties { DeliveryMode = 1 }.ToArray();
    private int _incarnation;

    private protected override EventSerializerRegistry Serializers() =>
        new EventSerializerRegistry().Add(BrokerEventSerializer.Instance);

    [Fact]
    public void Confirmed_persistent_messages_survive_a_restart_and_transient_ones_do_not()
    {
        var queue = StartQueue("q1");
        for (var i = 1; i <= 50; i++)
        {
            Send(queue, Publish("p" + i, persistent: true, seqNo: (ulong)i));
            Send(queue, Publish("t" + i, persistent: false, seqNo: 0, confirm: false));
        }
        for (var i = 1; i <= 50; i++) Assert.Equal(new QueuePublishConfirmed(1, (ulong)i, true), ExpectMsg<QueuePublishConfirmed>(Patience));
        Restart(queue, "q1", expectRecovered: 50);

        var restarted = LastStarted!;
        Send(restarted, new StartConsuming(TestActor));
        for (var i = 1; i <= 50; i++)
        {
            var deliver = ExpectMsg<QueueDeliver>(Patience);
            Assert.Equal("p" + i, Encoding.UTF8.GetString(deliver.Message.Body.Span));
            Assert.False(deliver.Redelivered);
            Assert.True(deliver.Message.Persistent);
        }
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Delivered_unacked_messages_come_back_redelivered_and_acked_ones_never()
    {
        var queue = StartQueue("q2");
        for (var i = 1; i <= 6; i++) Send(queue, Publish("m" + i, persistent: true, seqNo: (ulong)i));
        for (var i = 1; i <= 6; i++) ExpectMsg<QueuePublishConfirmed>(Patience);
        var consumer = CreateTestProbe();
        Send(queue, new StartConsuming(consumer.TestActor));
        var ids = new long[6];
        for (var i = 0; i < 6; i++) ids[i] = consumer.ExpectMsg<QueueDeliver>(Patience).MessageId;
        Send(queue, new AckMessages([ids[0], ids[2], ids[4]]));
        await AwaitRemovalWrittenAsync("queue|/|q2");
        Restart(queue, "q2", expectRecovered: 3);

        Send(LastStarted!, new StartConsuming(TestActor));
        foreach (var expected in new[] { "m2", "m4", "m6" })
        {
            var deliver = ExpectMsg<QueueDeliver>(Patience);
            Assert.Equal(expected, Encoding.UTF8.GetString(deliver.Message.Body.Span));
            Assert.True(deliver.Redelivered);
        }
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_confirm_is_sent_only_after_the_write_is_durable()
    {
        var queue = StartQueue("q3");
        Journal.Hold();
        Send(queue, Publish("a", persistent: true, seqNo: 1));
        AwaitCondition(() => Journal.HeldCount == 1, Patience);
        Send(queue, Publish("b", persistent: true, seqNo: 2)); // batched behind the write in flight
        Send(queue, Publish("c", persistent: false, seqNo: 3)); // transient: confirmed at once
        Assert.Equal(new QueuePublishConfirmed(1, 3, true), ExpectMsg<QueuePublishConfirmed>(Patience));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        Journal.Release();
        Assert.Equal(new QueuePublishConfirmed(1, 1, true), ExpectMsg<QueuePublishConfirmed>(Patience));
        Assert.Equal(new QueuePublishConfirmed(1, 2, true), ExpectMsg<QueuePublishConfirmed>(Patience));
    }

    [Fact]
    public async Task Compaction_keeps_the_journal_small_while_messages_flow()
    {
        var queue = StartQueue("q4", new QueueCompactionSettings { CompactEvery = 50 });
        var consumer = CreateTestProbe();
        Send(queue, new StartConsuming(consumer.TestActor));
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 25; i++) Send(queue, Publish("x", persistent: true, seqNo: (ulong)(round * 25 + i + 1)));
            var ids = new long[25];
            for (var i = 0; i < 25; i++) ids[i] = consumer.ExpectMsg<QueueDeliver>(Patience).MessageId;
            Send(queue, new AckMessages(ids));
            for (var i = 0; i < 25; i++) ExpectMsg<QueuePublishConfirmed>(Patience);
        }
        Restart(queue, "q4", expectRecovered: 0, new QueueCompactionSettings { CompactEvery = 50 });

        var rows = 0;
        await Store.ReplayAsync("queue|/|q4", 1, long.MaxValue, long.MaxValue, _ => rows++).WaitAsync(Patience);
        Assert.True(rows < 120, $"{rows} journal rows left after 500 messages");
    }

    private IActorRef? LastStarted { get; set; }

    private IActorRef StartQueue(string name, QueueCompactionSettings? compaction = null, int expectRecovered = 0)
    {
        var queue = Sys.ActorOf(Props.Create(() => new DurableQueueSketch(name, TestActor, compaction)), name + "-" + ++_incarnation);
        LastStarted = queue;
        Assert.Equal(new Recovered(expectRecovered), ExpectMsg<Recovered>(Patience));
        return queue;
    }

    private void Restart(IActorRef queue, string name, int expectRecovered, QueueCompactionSettings? compaction = null)
    {
        Watch(queue);
        Sys.Stop(queue);
        FishForMessage<Terminated>(t => t.ActorRef.Equals(queue), Patience);
        StartQueue(name, compaction, expectRecovered);
    }

    private QueuePublish Publish(string body, bool persistent, ulong seqNo, bool confirm = true) =>
        new(new Message("ex", "rk", persistent ? Persistent : Transient, Encoding.UTF8.GetBytes(body), persistent),
            confirm ? TestActor : null, 1, seqNo);

    /// <summary>Acks have no confirm: wait until the queue's journal holds a removal.</summary>
    private async Task AwaitRemovalWrittenAsync(string pid)
    {
        await AwaitConditionAsync(() =>
        {
            var found = false;
            Store.ReplayAsync(pid, 1, long.MaxValue, long.MaxValue,
                e => found |= e.Manifest == BrokerEventSerializer.QueueEventsV1
                              && ((QueueEvents)BrokerEventSerializer.Instance.FromBinary(e.Manifest, e.Payload)).RemovedIds.Length > 0)
                .Wait(Patience);
            return found;
        }, Patience);
    }
}
