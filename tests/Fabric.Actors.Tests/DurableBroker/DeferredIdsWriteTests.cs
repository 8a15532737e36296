using Fabric.Actors.Tests.Persistence;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Persistence.Actors;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>
/// Deliveries and acks of a durable queue are not written on their own at once (nobody waits for them): they ride
/// along with the next write a publisher waits for, or go after a short delay. What the kill -9 tests rely on stays:
/// once a later confirm arrives, every ack sent before that publish is on disk.
/// </summary>
public sealed class DeferredIdsWriteTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private const long ChannelKey = (1L << 16) | 1;

    /// <summary>Ids the queue's journal records as removed and as delivered (replayed from the store).</summary>
    private static async Task<(HashSet<long> Removed, HashSet<long> Delivered)> Journalled(DurableNode node)
    {
        var persistence = PersistenceExtension.For(node.Kit.Sys);
        var removed = new HashSet<long>();
        var delivered = new HashSet<long>();
        await persistence.Journal.ReplayAsync("queue|/|q", 1, long.MaxValue, long.MaxValue, e =>
        {
            if (StoredEvents.Decode(persistence.Serializers, "queue|/|q", e.SequenceNr, e.Manifest, e.Payload) is QueueEvents events)
            {
                removed.UnionWith(events.RemovedIds);
                delivered.UnionWith(events.DeliveredIds);
            }
        });
        return (removed, delivered);
    }

    private static async Task<(IActorRef Queue, TestKit.TestProbe Connection, long[] Ids)> PublishAndConsume(DurableNode node, int count)
    {
        await node.DeclareQueue("q", durable: true);
        var queue = node.VHost.FindQueue("q")!.Actor;
        var publisher = node.Kit.CreateTestProbe();
        for (var i = 1; i <= count; i++) queue.Tell(new QueuePublish(DurableNode.NewMessage("m" + i), publisher, 1, (ulong)i, ConfirmInRuns: true));
        var confirmed = 0UL;
        while (confirmed < (ulong)count)
        {
            switch (publisher.ReceiveOne(Long))
            {
                case QueuePublishConfirmedRuns runs:
                    foreach (var run in runs.Runs) confirmed += run.Last - run.First + 1;
                    break;
                case QueuePublishConfirmed:
                    confirmed++;
                    break;
            }
        }
        var connection = node.Kit.CreateTestProbe();
        await queue.Ask<QueueReply>(new QueueConsume(connection, 1, ChannelKey, 1, "c", false, false, 0, FieldTable.Empty), Long);
        var ids = new long[count];
        for (var i = 0; i < count; i++) ids[i] = connection.ExpectMsg<QueueDeliver>(Long).MessageId;
        return (queue, connection, ids);
    }

    [Fact]
    public async Task Acks_sent_before_a_confirmed_publish_are_on_disk_when_its_confirm_arrives()
    {
        using var file = new TempDatabaseFile();
        await using var node = await DurableNode.StartAsync(file.Path);
        var (queue, _, ids) = await PublishAndConsume(node, 10);

        queue.Tell(new QueueSettle(ChannelKey, ids[..5], SettleKind.Ack));
        var barrier = node.Kit.CreateTestProbe();
        queue.Tell(new QueuePublish(DurableNode.NewMessage("barrier"), barrier, 2, 1));
        Assert.True(barrier.ExpectConfirm(Long).Ack);

        var (removed, delivered) = await Journalled(node);
        foreach (var id in ids[..5]) Assert.Contains(id, removed);
        foreach (var id in ids[5..]) Assert.Contains(id, delivered);
    }

    [Fact]
    public async Task An_ack_with_no_write_after_it_still_reaches_the_journal()
    {
        using var file = new TempDatabaseFile();
        await using var node = await DurableNode.StartAsync(file.Path);
        var (queue, _, ids) = await PublishAndConsume(node, 3);

        queue.Tell(new QueueSettle(ChannelKey, [ids[1]], SettleKind.Ack));

        await node.Kit.AwaitAssertAsync(async () => Assert.Contains(ids[1], (await Journalled(node)).Removed), Long);
        var (removed, delivered) = await Journalled(node);
        Assert.DoesNotContain(ids[0], removed);
        Assert.Contains(ids[0], delivered);
        Assert.Contains(ids[2], delivered);
    }
}
