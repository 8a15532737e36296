using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

public sealed class PurgeDurabilityTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Purge_ok_of_a_durable_queue_waits_until_the_removals_are_written()
    {
        await using var node = await ConfirmNode.StartAsync("purge");
        var (journal, store, vhost) = (node.Journal, node.Store, node.VHost);
        await node.DeclareQueue("q", durable: true);
        var probe = node.Kit.CreateTestProbe();
        vhost.FindQueue("q")!.Actor.Tell(new QueuePublish(DurableNode.NewMessage("m", persistent: true), probe, 1, 1));
        probe.ExpectMsg<QueuePublishConfirmed>(Long);
        var id = QueueStore.PersistenceIdOf("/", "q");
        var enqueued = await store.ReadHighestSequenceNrAsync(id);

        journal.Hold();
        var purge = vhost.QueuePurge(new Fabric.Amqp.Methods.QueuePurge { Queue = "q" }, node.Session);
        // The queue is empty in memory at once, but purge-ok must wait for the removal to be on disk.
        await Task.WhenAny(purge, Task.Delay(300));
        Assert.False(purge.IsCompleted, "purge-ok was sent before the removal was written");
        Assert.True(journal.HeldCount >= 1);
        Assert.Equal(enqueued, await store.ReadHighestSequenceNrAsync(id));

        journal.Release();
        Assert.Equal(1u, await purge.WaitAsync(Long));
        Assert.True(await store.ReadHighestSequenceNrAsync(id) > enqueued);
    }
}
