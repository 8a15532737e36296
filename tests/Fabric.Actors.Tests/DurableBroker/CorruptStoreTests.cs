using Fabric.Actors.Tests.Persistence;
using Fabric.Broker.Contracts;
using Fabric.Broker.Messages;
using Fabric.Persistence;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

public sealed class CorruptStoreTests
{
    [Fact]
    public async Task A_corrupt_queue_event_fails_the_start_naming_the_file_and_the_queue()
    {
        using var file = new TempDatabaseFile();
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            await node.DeclareQueue("q", durable: true);
            var probe = node.Kit.CreateTestProbe();
            var message = DurableNode.NewMessage("m");
            node.VHost.FindQueue("q")!.Actor.Tell(new QueuePublish(message, probe, 1, 1));
            Assert.True(probe.ExpectConfirm(TimeSpan.FromSeconds(10)).Ack);
        }
        await using (var connection = new SqliteConnection($"Data Source={file.Path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE journal SET payload = x'05' WHERE persistence_id = 'queue|/|q'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => DurableNode.StartAsync(file.Path));
        Assert.Contains(file.Path, error.Message);
        Assert.Contains("queue|/|q", error.Message);
    }
}
