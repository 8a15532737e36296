using Fabric.Actors.Tests.Persistence;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Fabric.Broker.Routing;
using Fabric.Configuration;
using Npgsql;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

/// <summary>The restart scenarios on PostgreSQL (needs FABRIC_TEST_POSTGRES; a schema of its own, dropped afterwards).</summary>
[Trait("Requires", "postgres")]
public sealed class PostgresDurableBrokerTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private readonly string _schema = "fabric_broker_" + Guid.NewGuid().ToString("N");

    private FabricSettings Settings => DurableNode.Settings(new PersistenceSettings(PersistenceProvider.Postgres,
        new Configuration.SqliteSettings("unused.db"), new PostgresSettings(PostgresPersistenceTests.ConnectionString, _schema),
        new GroupCommitSettings(100, TimeSpan.Zero), 0));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresPersistenceTests.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Durable_topology_and_confirmed_persistent_messages_survive_a_restart()
    {
        await using (var node = await DurableNode.StartAsync(Settings))
        {
            await node.DeclareExchange("orders", ExchangeType.Direct, durable: true);
            await node.DeclareQueue("q", durable: true, FieldTable.CreateBuilder().Add("x-max-length", 10).Build());
            await node.DeclareQueue("t", durable: false);
            await node.Bind("q", "orders", "eu");
            var probe = node.Kit.CreateTestProbe();
            var queue = node.VHost.FindQueue("q")!.Actor;
            queue.Tell(new QueuePublish(DurableNode.NewMessage("kept", persistent: true), probe, 1, 1));
            queue.Tell(new QueuePublish(DurableNode.NewMessage("transient", persistent: false), probe, 1, 2));
            probe.ExpectConfirms(2, Long);
        }

        await using (var node = await DurableNode.StartAsync(Settings))
        {
            Assert.Null(node.VHost.FindQueue("t"));
            Assert.Equal(["q"], node.VHost.Route("orders", "eu", null, new RoutingContext()));
            var connection = node.Kit.CreateTestProbe();
            await node.VHost.FindQueue("q")!.Actor.Ask<QueueReply>(new QueueConsume(connection, 1, (1L << 16) | 1, 1, "c",
                false, false, 0, FieldTable.Empty), Long);
            var delivery = connection.ExpectMsg<QueueDeliver>(Long);
            Assert.Equal("kept", System.Text.Encoding.UTF8.GetString(delivery.Message.Body.Span));
            Assert.False(delivery.Redelivered);
            connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }
    }

}
