using Fabric.Actors.Tests.Persistence;
using Fabric.Actors.Tests.PersistentActors;
using Fabric.Broker;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.VirtualHosts;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Sqlite;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>A durable node over a SQLite file whose journal the test controls (hold, release, fail writes).</summary>
internal sealed class ConfirmNode : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDatabaseFile _file;

    private ConfirmNode(TempDatabaseFile file, SqliteStore store, TestKit.TestKit kit, ControlledJournal journal, BrokerNode broker)
    {
        (_file, Store, Kit, Journal, Broker) = (file, store, kit, journal, broker);
        Session = new SessionInfo(1, new BrokerUser("guest", ["administrator"]), "/", kit.TestActor);
    }

    public SqliteStore Store { get; }

    public TestKit.TestKit Kit { get; }

    public ControlledJournal Journal { get; }

    public BrokerNode Broker { get; }

    public VirtualHost VHost => Broker.VirtualHosts["/"];

    /// <summary>Connection 1 of the administrator "guest" on "/".</summary>
    public SessionInfo Session { get; }

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

    /// <summary>A message to queue "q" on the default exchange; persistent ones have delivery-mode 2.</summary>
    public Task DeclareQueue(string name, bool durable) =>
        VHost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = name, Durable = durable }, Session);

    /// <summary>Stops the broker and the actor system, then closes the store and deletes its file.</summary>
    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Kit.Sys.Terminate().WaitAsync(Patience);
        await Kit.DisposeAsync();
        await Store.DisposeAsync();
        _file.Dispose();
    }
}
