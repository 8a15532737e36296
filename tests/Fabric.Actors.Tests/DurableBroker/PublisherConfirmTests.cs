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

public sealed class PublisherConfirmTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    private static Message NewMessage(bool persistent) =>
        new("", "q", new BasicProperties { DeliveryMode = persistent ? (byte)2 : null }.ToArray(), "m"u8.ToArray(), persistent);

    [Fact]
    public async Task A_persistent_message_in_a_durable_queue_is_confirmed_only_after_its_write_others_at_once()
    {
        using var file = new TempDatabaseFile();
        await using var store = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path));
        var journal = new ControlledJournal(store);
        await using var kit = new TestKit.TestKit(systemName: "confirms");
        PersistenceExtension.Register(kit.Sys, journal, store, BrokerPersistence.Serializers(), ownsStores: false);
        var broker = await BrokerNode.StartAsync(DurableNode.Settings(file.Path), kit.Sys);
        journal.Hold(); // after the start, which writes the users, vhosts and permissions of the configuration
        try
        {
            var vhost = broker.VirtualHosts["/"];
            var session = new SessionInfo(1, new BrokerUser("guest", ["administrator"]), "/", kit.TestActor);
            await vhost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = "q", Durable = true }, session);
            await vhost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = "t", Durable = false }, session);
            var probe = kit.CreateTestProbe();
            var durable = vhost.FindQueue("q")!.Actor;

            durable.Tell(new QueuePublish(NewMessage(persistent: true), probe, 1, 1, ConfirmInRuns: true));
            durable.Tell(new QueuePublish(NewMessage(persistent: true), probe, 1, 2, ConfirmInRuns: true));
            durable.Tell(new QueuePublish(NewMessage(persistent: false), probe, 1, 3, ConfirmInRuns: true));
            vhost.FindQueue("t")!.Actor.Tell(new QueuePublish(NewMessage(persistent: true), probe, 1, 4, ConfirmInRuns: true));
            var immediate = new[] { probe.ExpectMsg<QueuePublishConfirmed>(Long).SeqNo, probe.ExpectMsg<QueuePublishConfirmed>(Long).SeqNo };
            Array.Sort(immediate);
            Assert.Equal([3UL, 4UL], immediate);
            probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
            Assert.True(journal.HeldCount >= 1);

            journal.Release();
            // Held back confirms come in runs, one message per write.
            var durableConfirms = new List<ulong>();
            while (durableConfirms.Count < 2)
            {
                foreach (var run in probe.ExpectMsg<QueuePublishConfirmedRuns>(Long).Runs)
                {
                    Assert.Equal(1, run.Channel);
                    for (var seq = run.First; seq <= run.Last; seq++) durableConfirms.Add(seq);
                }
            }
            durableConfirms.Sort();
            Assert.Equal([1UL, 2UL], durableConfirms);
            probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
            Assert.True(await store.ReadHighestSequenceNrAsync(QueueStore.PersistenceIdOf("/", "q")) >= 1);
        }
        finally
        {
            await broker.DisposeAsync();
            await kit.Sys.Terminate().WaitAsync(Long);
        }
    }

    [Fact]
    public async Task A_failed_journal_write_nacks_the_publishes_it_held()
    {
        using var file = new TempDatabaseFile();
        await using var store = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path));
        var journal = new ControlledJournal(store);
        await using var kit = new TestKit.TestKit(systemName: "confirm-failure");
        PersistenceExtension.Register(kit.Sys, journal, store, BrokerPersistence.Serializers(), ownsStores: false);
        var broker = await BrokerNode.StartAsync(DurableNode.Settings(file.Path), kit.Sys);
        try
        {
            var vhost = broker.VirtualHosts["/"];
            var session = new SessionInfo(1, new BrokerUser("guest", ["administrator"]), "/", kit.TestActor);
            await vhost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = "q", Durable = true }, session);
            var probe = kit.CreateTestProbe();
            journal.FailNext(1);
            vhost.FindQueue("q")!.Actor.Tell(new QueuePublish(NewMessage(persistent: true), probe, 1, 7, ConfirmInRuns: true));
            var nack = probe.ExpectMsg<QueuePublishConfirmed>(Long);
            Assert.Equal((1, 7UL, false), (nack.Channel, nack.SeqNo, nack.Ack));

            // The restarted queue takes publishes again and confirms them once written.
            vhost.FindQueue("q")!.Actor.Tell(new QueuePublish(NewMessage(persistent: true), probe, 1, 8, ConfirmInRuns: true));
            var run = Assert.Single(probe.ExpectMsg<QueuePublishConfirmedRuns>(Long).Runs);
            Assert.Equal((1, 8UL, 8UL), (run.Channel, run.First, run.Last));
        }
        finally
        {
            await broker.DisposeAsync();
            await kit.Sys.Terminate().WaitAsync(Long);
        }
    }
}
