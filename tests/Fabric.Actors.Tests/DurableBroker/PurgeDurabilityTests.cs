using Fabric.Actors.Tests.Persistence;
using Fabric.Actors.Tests.PersistentActors;
using Fabric.Amqp.Content;
using Fabric.Broker;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Messages;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

public sealed class PurgeDurabilityTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Purge_ok_of_a_durable_queue_waits_until_the_removals_are_written()
    {
        using var file = new TempDatabaseFile();
        await using var store = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path));
        var journal = new ControlledJournal(store);
        await using var kit = new TestKit.TestKit(systemName: "purge");
        PersistenceExtension.Register(kit.Sys, journal, store, BrokerPersistence.Serializers(), ownsStores: false);
        var broker = await BrokerNode.StartAsync(DurableNode.Settings(file.Path), kit.Sys);
        try
        {
            var vhost = broker.VirtualHosts["/"];
            var session = new SessionInfo(1, new BrokerUser("guest", ["administrator"]), "/", kit.TestActor);
            await vhost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = "q", Durable = true }, session);
            var probe = kit.CreateTestProbe();
            var message = new Message("", "q", new BasicProperties { DeliveryMode = 2 }.ToArray(), "m"u8.ToArray(), true);
            vhost.FindQueue("q")!.Actor.Tell(new QueuePublish(message, probe, 1, 1));
            probe.ExpectMsg<QueuePublishConfirmed>(Long);
            var id = QueueStore.PersistenceIdOf("/", "q");
            var enqueued = await store.ReadHighestSequenceNrAsync(id);

            journal.Hold();
            var purge = vhost.QueuePurge(new Fabric.Amqp.Methods.QueuePurge { Queue = "q" }, session);
            // The queue is empty in memory at once, but purge-ok must wait for the removal to be on disk.
            await Task.WhenAny(purge, Task.Delay(300));
            Assert.False(purge.IsCompleted, "purge-ok was sent before the removal was written");
            Assert.True(journal.HeldCount >= 1);
            Assert.Equal(enqueued, await store.ReadHighestSequenceNrAsync(id));

            journal.Release();
            Assert.Equal(1u, await purge.WaitAsync(Long));
            Assert.True(await store.ReadHighestSequenceNrAsync(id) > enqueued);
        }
        finally
        {
            await broker.DisposeAsync();
            await kit.Sys.Terminate().WaitAsync(Long);
        }
    }
}
