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
        await using var node = await ConfirmNode.StartAsync("confirms");
        var (kit, journal, broker) = (node.Kit, node.Journal, node.Broker);
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
            Assert.True(await node.Store.ReadHighestSequenceNrAsync(QueueStore.PersistenceIdOf("/", "q")) >= 1);
        }
        finally
        {
            await node.StopAsync(Long);
        }
    }

    [Fact]
    public async Task A_failed_journal_write_nacks_the_publishes_it_held()
    {
        await using var node = await ConfirmNode.StartAsync("confirm-failure");
        var (kit, journal, broker) = (node.Kit, node.Journal, node.Broker);
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
            await node.StopAsync(Long);
        }
    }

    /// <summary>A durable node over a SQLite file whose journal the test controls.</summary>
    private sealed class ConfirmNode : IAsyncDisposable
    {
        private readonly TempDatabaseFile _file;

        private ConfirmNode(TempDatabaseFile file, SqliteStore store, TestKit.TestKit kit, ControlledJournal journal, BrokerNode broker)
        {
            (_file, Store, Kit, Journal, Broker) = (file, store, kit, journal, broker);
        }

        public SqliteStore Store { get; }

        public TestKit.TestKit Kit { get; }
        public ControlledJournal Journal { get; }
        public BrokerNode Broker { get; }

        public static async Task<ConfirmNode> StartAsync(string name)
        {
            var file = new TempDatabaseFile();
            var store = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path));
            var journal = new ControlledJournal(store);
            var kit = new TestKit.TestKit(systemName: name);
            PersistenceExtension.Register(kit.Sys, journal, store, BrokerPersistence.Serializers(), ownsStores: false);
            var broker = await BrokerNode.StartAsync(DurableNode.Settings(file.Path), kit.Sys);
            return new ConfirmNode(file, store, kit, journal, broker);
        }

        public async Task StopAsync(TimeSpan patience)
        {
            await Broker.DisposeAsync();
            await Kit.Sys.Terminate().WaitAsync(patience);
        }

        public async ValueTask DisposeAsync()
        {
            await Kit.DisposeAsync();
            await Store.DisposeAsync();
            _file.Dispose();
        }
    }
}
