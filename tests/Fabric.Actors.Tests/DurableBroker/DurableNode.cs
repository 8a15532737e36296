using Fabric.Amqp.Content;
using Fabric.Amqp.Methods;
using Fabric.Amqp.Tables;
using Fabric.Broker;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Fabric.Broker.VirtualHosts;
using Fabric.Configuration;
using Fabric.Persistence.Actors;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>
/// One incarnation of a persistent broker node: a fresh actor system and BrokerNode on a given store. Dispose
/// stops the node and the system, which closes the store, so the next incarnation can open the same file.
/// </summary>
internal sealed class DurableNode : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly BrokerUser Guest = new("guest", ["administrator"]);

    private DurableNode(TestKit.TestKit kit, BrokerNode broker)
    {
        Kit = kit;
        Broker = broker;
    }

    public TestKit.TestKit Kit { get; }

    public BrokerNode Broker { get; }

    public VirtualHost VHost => Broker.VirtualHosts["/"];

    /// <summary>A message for queue "q" through the default exchange; delivery mode 2 when persistent.</summary>
    public static Message NewMessage(string body, bool persistent = true) =>
        new("", "q", new BasicProperties { DeliveryMode = persistent ? (byte)2 : null }.ToArray(),
            System.Text.Encoding.UTF8.GetBytes(body), persistent);

    public static FabricSettings Settings(string file) => Settings(new PersistenceSettings(PersistenceProvider.Sqlite,
        new Configuration.SqliteSettings(file), new PostgresSettings("", "fabric"), new GroupCommitSettings(100, TimeSpan.Zero), 0));

    public static FabricSettings Settings(PersistenceSettings persistence) => FabricSettings.Default with { Persistence = persistence };

    /// <summary>On the SQLite file.</summary>
    public static Task<DurableNode> StartAsync(string file) => StartAsync(Settings(file));

    public static async Task<DurableNode> StartAsync(FabricSettings settings)
    {
        var kit = new TestKit.TestKit(
            settings: new TestKit.TestKitSettings { DefaultTimeout = TimeSpan.FromSeconds(10) }, systemName: "durable");
        try
        {
            return new DurableNode(kit, await BrokerNode.StartAsync(settings, kit.Sys));
        }
        catch
        {
            await kit.DisposeAsync();
            throw;
        }
    }

    public SessionInfo Session(long connectionId = 1) => new(connectionId, Guest, "/", Kit.TestActor);

    public Task DeclareExchange(string name, string type, bool durable, FieldTable? arguments = null) =>
        VHost.ExchangeDeclare(new ExchangeDeclare
        {
            Exchange = name, Type = type, Durable = durable, Arguments = arguments ?? FieldTable.Empty,
        }, Session());

    public Task DeclareQueue(string name, bool durable, FieldTable? arguments = null, bool exclusive = false) =>
        VHost.QueueDeclare(new QueueDeclare
        {
            Queue = name, Durable = durable, Exclusive = exclusive, Arguments = arguments ?? FieldTable.Empty,
        }, Session());

    public Task Bind(string queue, string exchange, string key) =>
        VHost.QueueBind(new QueueBind { Queue = queue, Exchange = exchange, RoutingKey = key }, Session());

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        var persistence = PersistenceExtension.For(Kit.Sys);
        await Kit.Sys.Terminate().WaitAsync(Patience);
        await persistence.WhenDisposed.WaitAsync(Patience);
        await Kit.DisposeAsync();
    }
}
