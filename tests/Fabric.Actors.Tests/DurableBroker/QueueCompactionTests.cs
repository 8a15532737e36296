using Fabric.Actors.Tests.Persistence;
using Fabric.Amqp.Tables;
using Fabric.Broker.Contracts;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.DurableBroker;

public sealed class QueueCompactionTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    private static async Task<long> JournalRows(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = 'queue|/|q'";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Acked_traffic_is_compacted_away_and_what_is_left_still_recovers()
    {
        using var file = new TempDatabaseFile();
        const int rounds = 60, perRound = 200;
        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            await node.DeclareQueue("q", durable: true);
            var queue = node.VHost.FindQueue("q")!.Actor;
            var connection = node.Kit.CreateTestProbe();
            await queue.Ask<QueueReply>(new QueueConsume(connection, 1, (1L << 16) | 1, 1, "c", false, false, 0,
                FieldTable.Empty), Long);
            var ids = new long[perRound];
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < perRound; i++) queue.Tell(new QueuePublish(DurableNode.NewMessage("m"), null, 1, 0));
                for (var i = 0; i < perRound; i++) ids[i] = connection.ExpectMsg<QueueDeliver>(Long).MessageId;
                queue.Tell(new QueueSettle((1L << 16) | 1, (long[])ids.Clone(), SettleKind.Ack));
            }
            await queue.Ask<QueueReply>(new QueueCancel((1L << 16) | 1, "c"), Long);
            var probe = node.Kit.CreateTestProbe();
            queue.Tell(new QueuePublish(DurableNode.NewMessage("last"), probe, 1, 1));
            Assert.True(probe.ExpectConfirm(Long).Ack);

            // 12 000 messages passed through; what is left is the tail since the last compaction.
            await node.Kit.AwaitAssertAsync(async () => Assert.InRange(await JournalRows(file.Path), 1, 6000), Long);
        }

        await using (var node = await DurableNode.StartAsync(file.Path))
        {
            var connection = node.Kit.CreateTestProbe();
            await node.VHost.FindQueue("q")!.Actor.Ask<QueueReply>(new QueueConsume(connection, 1, (1L << 16) | 1, 1, "c",
                false, false, 0, FieldTable.Empty), Long);
            Assert.Equal("last", System.Text.Encoding.UTF8.GetString(connection.ExpectMsg<QueueDeliver>(Long).Message.Body.Span));
            connection.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        }
    }
}
