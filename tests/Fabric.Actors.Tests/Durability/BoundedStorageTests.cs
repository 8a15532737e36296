using System.Diagnostics;
using Fabric.Actors.Tests.Persistence;
using Fabric.Actors.Tests.Queues;
using Fabric.Amqp.Content;
using Fabric.Broker.Durability;
using Fabric.Broker.Messages;
using Fabric.Broker.Queues;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Snapshot;
using Fabric.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Durability;

/// <summary>
/// Storage stays bounded: a million persistent messages published, delivered and acked through a durable queue's
/// <see cref="QueueJournal"/> into SQLite, compacting as planned, leave a journal about the size of an empty one, even
/// though a few of them are never acked.
/// FABRIC_DURABILITY_MESSAGES overrides the count.
/// </summary>
public sealed class BoundedStorageTests(ITestOutputHelper output)
{
    private const int Batch = 1000;
    private const int PinEvery = 50_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly EventSerializerRegistry Serializers = new EventSerializerRegistry().Add(BrokerEventSerializer.Instance);

    [Fact]
    public async Task A_million_messages_through_a_queue_leave_the_journal_about_empty()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("FABRIC_DURABILITY_MESSAGES"), out var n) ? n : 1_000_000;
        using var files = new TempDatabaseFile();
        long emptyUsed;
        await using (var empty = SqliteStore.Open(new SqliteSettings(files.Sibling("empty.db"))))
            emptyUsed = UsedBytes(empty.Path);

        const string pid = "q|/|bounded";
        await using var store = SqliteStore.Open(new SqliteSettings(files.Path));
        var journal = new QueueJournal(new RecordingEffects());
        var engine = new QueueEngine("bounded", "/", durable: true, QueueArguments.Default, journal, 0);
        Assert.Null(engine.AddConsumer("c", 1, noAck: false, exclusive: false, prefetch: 0, priority: 0, nowMs: 0));
        var properties = new BasicProperties { DeliveryMode = 2, ContentType = "application/json" }.ToArray();
        var body = new byte[64];
        var events = new List<object>();
        var delivered = new long[Batch];
        var pinned = new List<long>();
        var compactions = 0;
        var snapshots = 0;
        var peakFile = 0L;
        var clock = Stopwatch.StartNew();

        for (var published = 0; published < total; published += Batch)
        {
            // One turn: the previous batch is acked, this batch published (and delivered at once).
            var count = Math.Min(Batch, total - published);
            engine.Ack(delivered, 0);
            for (var i = 0; i < count; i++)
            {
                delivered[i] = engine.NextMessageId;
                engine.Enqueue(new Message("amq.direct", "rk", properties, body, persistent: true), 0);
            }
            if (published % PinEvery == 0)
            {
                // Never acked: a few old messages pin the journal's tail (compaction must snapshot them).
                pinned.Add(delivered[0]);
                delivered[0] = 0;
            }
            await WriteTurnAsync(store, journal, events, pid);
            var durable = journal.NextSequenceNr - 1;
            if (journal.PlanCompaction(durable) is { } plan)
            {
                compactions++;
                if (plan.Snapshot != null) snapshots++;
                await ApplyAsync(store, pid, plan, durable);
                peakFile = Math.Max(peakFile, new FileInfo(store.Path).Length);
            }
        }
        engine.Ack(delivered, 0);
        await WriteTurnAsync(store, journal, events, pid);
        var last = journal.NextSequenceNr - 1;
        if (journal.PlanCompaction(last) is { } final) await ApplyAsync(store, pid, final, last);
        var elapsed = clock.Elapsed;

        var rows = 0;
        clock.Restart();
        var recovery = new QueueRecovery();
        var snapshot = await store.LoadAsync(pid, SnapshotSelectionCriteria.Latest);
        var from = 1L;
        if (snapshot != null)
        {
            recovery.Apply(Serializers.FromBinary(snapshot.Manifest, snapshot.Payload), snapshot.Metadata.SequenceNr);
            from = snapshot.Metadata.SequenceNr + 1;
        }
        await store.ReplayAsync(pid, from, long.MaxValue, long.MaxValue, e =>
        {
            rows++;
            recovery.Apply(Serializers.FromBinary(e.Manifest, e.Payload), e.SequenceNr);
        }).WaitAsync(Patience);
        var recoveryTime = clock.Elapsed;

        var used = UsedBytes(store.Path);
        var file = new FileInfo(store.Path).Length;
        output.WriteLine($"{total:N0} messages in {elapsed.TotalSeconds:F1}s ({total / elapsed.TotalSeconds:N0}/s), " +
                         $"{last:N0} events, {compactions} compactions ({snapshots} with a snapshot), {store.Metrics}");
        output.WriteLine($"{pinned.Count} pinned; journal rows left {rows}, used {used:N0} bytes (empty store {emptyUsed:N0}), " +
                         $"file {file:N0} bytes (peak {peakFile:N0}), recovery {recoveryTime.TotalMilliseconds:F0} ms");

        var recovered = recovery.InIdOrder();
        Assert.Equal(pinned, recovered.ConvertAll(m => m.Enqueued.Id));
        Assert.All(recovered, m => Assert.True(m.Delivered));
        Assert.True(rows <= 2 * QueueCompactionSettings.Default.CompactEvery, $"{rows} rows left");
        Assert.True(used - emptyUsed < 4 * 1024 * 1024, $"used {used} vs empty {emptyUsed}");
        Assert.True(file < 32 * 1024 * 1024, $"file {file} bytes");
    }

    private static async Task WriteTurnAsync(SqliteStore store, QueueJournal journal, List<object> events, string pid)
    {
        events.Clear();
        var first = journal.NextSequenceNr;
        if (journal.TakeEvents(events) == 0) return;
        var rows = new PersistentRepresentation[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var payload = Serializers.ToBinary(events[i], out var manifest);
            rows[i] = new PersistentRepresentation(pid, first + i, manifest, payload);
        }
        await store.WriteAsync(new AtomicWrite(rows)).WaitAsync(Patience);
    }

    /// <summary>What the queue actor will do with a plan (snapshot first; deletes in the writer's order).</summary>
    private static async Task ApplyAsync(SqliteStore store, string pid, QueueCompaction plan, long durable)
    {
        if (plan.Snapshot is { } snapshot)
        {
            var payload = Serializers.ToBinary(snapshot, out var manifest);
            await store.SaveAsync(new SnapshotMetadata(pid, durable, DateTimeOffset.UtcNow), manifest, payload).WaitAsync(Patience);
        }
        var deleteSnapshots = plan.DeleteSnapshotsTo > 0
            ? store.DeleteAsync(pid, new SnapshotSelectionCriteria(plan.DeleteSnapshotsTo, DateTimeOffset.MaxValue))
            : Task.CompletedTask;
        var deleteEvents = store.DeleteToAsync(pid, plan.DeleteEventsTo);
        await Task.WhenAll(deleteSnapshots, deleteEvents).WaitAsync(Patience);
    }

    /// <summary>Bytes in pages holding data (the file keeps freed pages for reuse).</summary>
    private static long UsedBytes(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Pragma(string name)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA " + name;
            return (long)command.ExecuteScalar()!;
        }
        return (Pragma("page_count") - Pragma("freelist_count")) * Pragma("page_size");
    }
}
