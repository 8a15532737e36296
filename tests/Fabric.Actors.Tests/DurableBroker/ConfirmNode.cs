using Fabric.Actors.Tests.Persistence;
using Fabric.Actors.Tests.PersistentActors;
using Fabric.Broker;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.VirtualHosts;
using Fabric.Configuration;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Postgres;
using Fabric.Persistence.Sql;
using Fabric.Persistence.Sqlite;
using Npgsql;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>
/// A durable node over a store (a SQLite file, or a PostgreSQL schema of its own) whose journal the test controls
/// (hold, release, fail writes; hold or fail replays). <see cref="RestartAsync"/> restarts the node on the same store.
/// </summary>
internal sealed class ConfirmNode : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDatabaseFile? _file;
    private readonly string? _schema;
    private readonly string _name;
    private readonly FabricSettings _settings;

    private ConfirmNode(string name, SqlStore store, TempDatabaseFile? file, string? schema, FabricSettings settings)
    {
        (_name, Store, _file, _schema, _settings) = (name, store, file, schema, settings);
        Journal = new ControlledJournal(store);
    }

    public SqlStore Store { get; }

    public TestKit.TestKit Kit { get; private set; } = null!;

    public ControlledJournal Journal { get; }

    public BrokerNode Broker { get; private set; } = null!;

    public VirtualHost VHost => Broker.VirtualHosts["/"];

    /// <summary>Connection 1 of the administrator "guest" on "/".</summary>
    public SessionInfo Session { get; private set; } = null!;

    /// <summary>On a fresh SQLite file.</summary>
    public static async Task<ConfirmNode> StartAsync(string name)
    {
        var file = new TempDatabaseFile();
        var store = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path));
        var node = new ConfirmNode(name, store, file, null, DurableNode.Settings(file.Path));
        await node.StartBrokerAsync();
        return node;
    }

    /// <summary>On a fresh schema of the FABRIC_TEST_POSTGRES server.</summary>
    public static async Task<ConfirmNode> StartPostgresAsync(string name)
    {
        var schema = "fabric_node_" + Guid.NewGuid().ToString("N");
        var connection = PostgresPersistenceTests.ConnectionString;
        var store = await PostgresStore.OpenAsync(new Fabric.Persistence.Postgres.PostgresSettings(connection) { Schema = schema });
        var settings = DurableNode.Settings(new PersistenceSettings(PersistenceProvider.Postgres,
            new Configuration.SqliteSettings("unused.db"), new Configuration.PostgresSettings(connection, schema),
            new GroupCommitSettings(100, TimeSpan.Zero), 0));
        var node = new ConfirmNode(name, store, null, schema, settings);
        await node.StartBrokerAsync();
        return node;
    }

    private async Task StartBrokerAsync()
    {
        Kit = new TestKit.TestKit(systemName: _name);
        PersistenceExtension.Register(Kit.Sys, Journal, Store, BrokerPersistence.Serializers(), ownsStores: false);
        Broker = await BrokerNode.StartAsync(_settings, Kit.Sys);
        Session = new SessionInfo(1, new BrokerUser("guest", ["administrator"]), "/", Kit.TestActor);
    }

    /// <summary>Stops the broker and its actor system (the store stays open) and starts them again on the store.</summary>
    public async Task RestartAsync()
    {
        await StopBrokerAsync();
        // What the stopped queues handed to the store's writer is committed before the next node reads (the writer
        // runs requests in submission order; the store is not closed here, which would drain it).
        await Store.DeleteToAsync("test|write-barrier", 0);
        await StartBrokerAsync();
    }

    public Task DeclareQueue(string name, bool durable) =>
        VHost.QueueDeclare(new Fabric.Amqp.Methods.QueueDeclare { Queue = name, Durable = durable }, Session);

    private async Task StopBrokerAsync()
    {
        await Broker.DisposeAsync();
        await Kit.Sys.Terminate().WaitAsync(Patience);
        await Kit.DisposeAsync();
    }

    /// <summary>Stops the broker and the actor system, then closes the store and deletes its file (or schema).</summary>
    public async ValueTask DisposeAsync()
    {
        Journal.ReleaseReplays();
        await StopBrokerAsync();
        await Store.DisposeAsync();
        _file?.Dispose();
        if (_schema is null) return;
        await using var connection = new NpgsqlConnection(PostgresPersistenceTests.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
