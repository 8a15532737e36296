using System.Text;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Snapshot;
using Fabric.Persistence.Sql;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>The journal + snapshot SPI contract, run against every provider by a subclass.</summary>
public abstract class PersistenceSpiTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<SqlStore> _stores = new();

    protected PersistenceSpiTests(ITestOutputHelper output) => Output = output;

    protected ITestOutputHelper Output { get; }

    protected SqlStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        Store = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await CleanupAsync();
    }

    /// <summary>Opens a store over this test's database (the same one on every call).</summary>
    protected abstract Task<SqlStore> OpenStoreAsync(int maxBatchSize = 1000);

    /// <summary>Leaves <paramref name="store"/> running (no graceful close) and opens what a restarted node would see.</summary>
    protected abstract Task<SqlStore> CrashAndReopenAsync(SqlStore store);

    /// <summary>Makes the stored schema version newer than the code knows.</summary>
    protected abstract Task BumpSchemaVersionAsync();

    protected virtual Task PrepareAsync() => Task.CompletedTask;

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    protected async Task<SqlStore> OpenAsync(int maxBatchSize = 1000)
    {
        var store = await OpenStoreAsync(maxBatchSize);
        _stores.Add(store);
        return store;
    }

    protected void Track(SqlStore store) => _stores.Add(store);

    protected static PersistentRepresentation Event(string pid, long seq, IReadOnlyList<string>? tags = null) =>
        new(pid, seq, "evt-v1", Encoding.UTF8.GetBytes($"{pid}:{seq}"), tags);

    protected static AtomicWrite Single(string pid, long seq) => new(Event(pid, seq));

    protected static AtomicWrite Range(string pid, long from, long to)
    {
        var events = new List<PersistentRepresentation>();
        for (var s = from; s <= to; s++) events.Add(Event(pid, s));
        return new AtomicWrite(events);
    }

    protected static async Task<List<PersistentRepresentation>> ReplayAll(
        SqlStore store, string pid, long from = 1, long to = long.MaxValue, long max = long.MaxValue)
    {
        var events = new List<PersistentRepresentation>();
        await store.ReplayAsync(pid, from, to, max, events.Add).WaitAsync(Patience);
        return events;
    }

    private static List<long> Seqs(List<PersistentRepresentation> events)
    {
        var seqs = new List<long>(events.Count);
        foreach (var e in events) seqs.Add(e.SequenceNr);
        return seqs;
    }

    private static List<long> Expected(long from, long to)
    {
        var seqs = new List<long>();
        for (var s = from; s <= to; s++) seqs.Add(s);
        return seqs;
    }

    [Fact]
    public async Task Written_events_replay_in_order_with_manifest_payload_and_tags()
    {
        await Store.WriteAsync(Range("q-a", 1, 3)).WaitAsync(Patience);
        await Store.WriteAsync(new AtomicWrite(Event("q-a", 4, ["red", "blue"]))).WaitAsync(Patience);
        await Store.WriteAsync(Single("q-other", 1)).WaitAsync(Patience);

        var events = await ReplayAll(Store, "q-a");

        Assert.Equal(Expected(1, 4), Seqs(events));
        Assert.All(events, e => Assert.Equal("q-a", e.PersistenceId));
        Assert.All(events, e => Assert.Equal("evt-v1", e.Manifest));
        Assert.Equal("q-a:2", Encoding.UTF8.GetString(events[1].Payload));
        Assert.Null(events[0].Tags);
        Assert.Equal(["red", "blue"], events[3].Tags!);
    }

    [Fact]
    public async Task Replay_honours_range_and_max()
    {
        await Store.WriteAsync(Range("q-r", 1, 20)).WaitAsync(Patience);

        Assert.Equal(Expected(5, 9), Seqs(await ReplayAll(Store, "q-r", 5, 9)));
        Assert.Equal(Expected(5, 7), Seqs(await ReplayAll(Store, "q-r", 5, 9, max: 3)));
        Assert.Equal(Expected(18, 20), Seqs(await ReplayAll(Store, "q-r", 18)));
        Assert.Empty(await ReplayAll(Store, "q-r", 21));
        Assert.Empty(await ReplayAll(Store, "q-r", 1, 20, max: 0));
        Assert.Empty(await ReplayAll(Store, "q-unknown"));
    }

    [Fact]
    public async Task A_duplicate_sequence_number_fails_only_its_atomic_write()
    {
        await Store.WriteAsync(Range("q-dup", 1, 3)).WaitAsync(Patience);

        // Middle write overlaps seq 3: all of it (3..5) is rejected, its neighbours in the batch are stored.
        var results = await Store.WriteAsync([Range("q-ok1", 1, 2), Range("q-dup", 3, 5), Range("q-ok2", 1, 2)])
            .WaitAsync(Patience);

        Assert.Null(results[0]);
        var rejected = Assert.IsType<AtomicWriteRejectedException>(results[1]);
        Assert.Equal("q-dup", rejected.PersistenceId);
        Assert.Null(results[2]);
        Assert.Equal(Expected(1, 3), Seqs(await ReplayAll(Store, "q-dup")));
        Assert.Equal(Expected(1, 2), Seqs(await ReplayAll(Store, "q-ok1")));
        Assert.Equal(Expected(1, 2), Seqs(await ReplayAll(Store, "q-ok2")));
        Assert.Equal(3, await Store.ReadHighestSequenceNrAsync("q-dup"));
    }

    [Fact]
    public async Task A_rejected_single_write_faults_only_its_own_task_among_concurrent_writes()
    {
        await Store.WriteAsync(Single("q-s", 1)).WaitAsync(Patience);
        var tasks = new List<Task>();
        for (var i = 0; i < 50; i++) tasks.Add(Store.WriteAsync(Single($"q-n{i}", 1)));
        var duplicate = Store.WriteAsync(Range("q-s", 1, 2));
        for (var i = 0; i < 50; i++) tasks.Add(Store.WriteAsync(Single($"q-m{i}", 1)));

        await Assert.ThrowsAsync<AtomicWriteRejectedException>(() => duplicate.WaitAsync(Patience));
        await Task.WhenAll(tasks).WaitAsync(Patience);
        Assert.Equal(Expected(1, 1), Seqs(await ReplayAll(Store, "q-s")));
        Assert.Single(await ReplayAll(Store, "q-m49"));
    }

    [Fact]
    public async Task An_invalid_tag_fails_only_its_own_write()
    {
        var bad = Store.WriteAsync(new AtomicWrite(Event("q-tag", 1, ["a;b"])));
        var good = Store.WriteAsync(new AtomicWrite(Event("q-tag2", 1, ["a"])));

        await Assert.ThrowsAsync<AtomicWriteRejectedException>(() => bad.WaitAsync(Patience));
        await good.WaitAsync(Patience);
        Assert.Empty(await ReplayAll(Store, "q-tag"));
        Assert.Equal(["a"], (await ReplayAll(Store, "q-tag2"))[0].Tags!);
    }

    [Fact]
    public async Task Rows_keep_empty_payloads_empty_manifests_and_non_ascii_ids_as_written()
    {
        // Rows alternate between ids and manifests (the SQLite writer keeps the previous ones encoded).
        await Store.WriteAsync(
        [
            new AtomicWrite(new PersistentRepresentation("q-é", 1, "", [])),
            new AtomicWrite(new PersistentRepresentation("q-e", 1, "m1", [1, 2, 3], ["a"])),
            new AtomicWrite(new PersistentRepresentation("q-é", 2, "m2", [4])),
            new AtomicWrite(new PersistentRepresentation("q-é", 3, "", [])),
        ]).WaitAsync(Patience);

        var accented = await ReplayAll(Store, "q-é");
        Assert.Equal([1L, 2L, 3L], Seqs(accented));
        Assert.Equal(["", "m2", ""], accented.Select(e => e.Manifest));
        Assert.Equal([0, 1, 0], accented.Select(e => e.Payload.Length));
        Assert.Null(accented[0].Tags);
        var plain = Assert.Single(await ReplayAll(Store, "q-e"));
        Assert.Equal("m1", plain.Manifest);
        Assert.Equal(new byte[] { 1, 2, 3 }, plain.Payload);
        Assert.Equal(["a"], plain.Tags!);
    }

    [Fact]
    public async Task Callback_writes_report_every_outcome_off_the_writer_thread()
    {
        await Store.WriteAsync(Single("q-cb0", 1)).WaitAsync(Patience);
        var callback = new RecordingWriteCallback(expected: 101);
        for (var s = 1; s <= 100; s++) Store.Write(Single("q-cb1", s), callback);
        Store.Write(Single("q-cb0", 1), callback); // duplicate

        await callback.All.WaitAsync(Patience);

        var stored = 0;
        foreach (var (write, error, thread) in callback.Outcomes)
        {
            Assert.DoesNotContain("writer", thread ?? "");
            if (write.PersistenceId == "q-cb0") Assert.IsType<AtomicWriteRejectedException>(error);
            else if (error is null) stored++;
        }

        Assert.Equal(100, stored);
        Assert.Equal(Expected(1, 100), Seqs(await ReplayAll(Store, "q-cb1")));
    }

    [Fact]
    public async Task Highest_sequence_number_survives_delete_to()
    {
        await Store.WriteAsync(Range("q-h", 1, 10)).WaitAsync(Patience);
        Assert.Equal(10, await Store.ReadHighestSequenceNrAsync("q-h"));

        await Store.DeleteToAsync("q-h", 10).WaitAsync(Patience);

        Assert.Empty(await ReplayAll(Store, "q-h"));
        Assert.Equal(10, await Store.ReadHighestSequenceNrAsync("q-h"));
        Assert.Equal(10, await Store.ReadHighestSequenceNrAsync("q-h", 5));
        Assert.Equal(0, await Store.ReadHighestSequenceNrAsync("q-none"));

        await Store.WriteAsync(Range("q-h", 11, 12)).WaitAsync(Patience);
        await Store.DeleteToAsync("q-h", 3).WaitAsync(Patience); // an older mark must not lower the highest
        Assert.Equal(12, await Store.ReadHighestSequenceNrAsync("q-h"));
    }

    [Fact]
    public async Task Replay_after_delete_to_starts_after_the_deleted_range()
    {
        await Store.WriteAsync(Range("q-d", 1, 10)).WaitAsync(Patience);

        var delete = Store.DeleteToAsync("q-d", 4);
        var later = Store.WriteAsync(Range("q-d", 11, 12)); // queued behind the delete, same writer
        await Task.WhenAll(delete, later).WaitAsync(Patience);

        Assert.Equal(Expected(5, 12), Seqs(await ReplayAll(Store, "q-d")));
        Assert.Equal(12, await Store.ReadHighestSequenceNrAsync("q-d"));
        await Store.DeleteToAsync("q-d", 100).WaitAsync(Patience);
        Assert.Empty(await ReplayAll(Store, "q-d"));
        Assert.Equal(12, await Store.ReadHighestSequenceNrAsync("q-d"));
    }

    [Fact]
    public async Task Persistence_ids_are_listed_by_prefix()
    {
        await Store.WriteAsync([Single("queue/a", 1), Single("queue/b", 1), Single("exchange/c", 1), Single("queueX", 1)])
            .WaitAsync(Patience);
        await Store.DeleteToAsync("queue/b", 1).WaitAsync(Patience); // no events left, still a known id
        await Store.SaveAsync(new SnapshotMetadata("queue/s", 3, DateTimeOffset.UtcNow), "m", [1]).WaitAsync(Patience);

        Assert.Equal(["queue/a", "queue/b", "queue/s"], await Store.ReadPersistenceIdsAsync("queue/"));
        Assert.Equal(["exchange/c"], await Store.ReadPersistenceIdsAsync("exchange/"));
        Assert.Empty(await Store.ReadPersistenceIdsAsync("QUEUE/"));
        Assert.Equal(5, (await Store.ReadPersistenceIdsAsync("")).Count);
    }

    [Fact]
    public async Task Concurrent_writers_are_group_committed_and_every_event_replays_once_in_order()
    {
        const int Writers = 32;
        const int EventsPerWriter = 500;
        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var pid = $"q-c{w}";
            var pipelined = w % 2 == 1;
            writers[w] = Task.Run(async () =>
            {
                if (pipelined)
                {
                    // Many writes of one id in flight at once: submission order must be commit order.
                    var pending = new Task[EventsPerWriter];
                    for (var s = 1; s <= EventsPerWriter; s++) pending[s - 1] = Store.WriteAsync(Single(pid, s));
                    await Task.WhenAll(pending);
                }
                else
                {
                    for (var s = 1; s <= EventsPerWriter; s++) await Store.WriteAsync(Single(pid, s));
                }
            });
        }

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(5));

        for (var w = 0; w < Writers; w++)
            Assert.Equal(Expected(1, EventsPerWriter), Seqs(await ReplayAll(Store, $"q-c{w}")));
        var metrics = Store.Metrics;
        Output.WriteLine($"{GetType().Name}: {Writers * EventsPerWriter} writes, {metrics}");
        Assert.True(metrics.Writes >= Writers * EventsPerWriter, metrics.ToString());
        Assert.True(metrics.Transactions < Writers * EventsPerWriter, "no batching: " + metrics);
        Assert.True(metrics.AverageWritesPerBatch > 1, metrics.ToString());
    }

    [Fact]
    public async Task Batches_never_exceed_the_maximum_batch_size()
    {
        var store = await OpenAsync(maxBatchSize: 7);
        var writes = new Task[300];
        for (var s = 1; s <= writes.Length; s++) writes[s - 1] = store.WriteAsync(Single("q-max", s));
        await Task.WhenAll(writes).WaitAsync(Patience);

        Assert.InRange(store.Metrics.LargestBatch, 1, 7);
        Assert.True(store.Metrics.Batches >= 300 / 7, store.Metrics.ToString());
        Assert.Equal(Expected(1, 300), Seqs(await ReplayAll(store, "q-max")));
    }

    [Fact]
    public async Task Snapshots_are_saved_loaded_by_criteria_and_deleted()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Store.SaveAsync(new SnapshotMetadata("q-snap", 10, t0), "s-v1", [10]).WaitAsync(Patience);
        await Store.SaveAsync(new SnapshotMetadata("q-snap", 20, t0.AddMinutes(1)), "s-v1", [20]).WaitAsync(Patience);
        await Store.SaveAsync(new SnapshotMetadata("q-snap", 30, t0.AddMinutes(2)), "s-v2", [30]).WaitAsync(Patience);
        await Store.SaveAsync(new SnapshotMetadata("q-other", 99, t0), "s-v1", [99]).WaitAsync(Patience);

        var latest = await Store.LoadAsync("q-snap", SnapshotSelectionCriteria.Latest);
        Assert.NotNull(latest);
        Assert.Equal(new SnapshotMetadata("q-snap", 30, t0.AddMinutes(2)), latest.Metadata);
        Assert.Equal("s-v2", latest.Manifest);
        Assert.Equal([30], latest.Payload);

        var bySeq = await Store.LoadAsync("q-snap", new SnapshotSelectionCriteria(25, DateTimeOffset.MaxValue));
        Assert.Equal(20, bySeq!.Metadata.SequenceNr);
        var byTime = await Store.LoadAsync("q-snap", new SnapshotSelectionCriteria(long.MaxValue, t0.AddSeconds(30)));
        Assert.Equal(10, byTime!.Metadata.SequenceNr);
        Assert.Null(await Store.LoadAsync("q-snap", new SnapshotSelectionCriteria(9, DateTimeOffset.MaxValue)));
        Assert.Null(await Store.LoadAsync("q-snap", SnapshotSelectionCriteria.None));

        // Saving the same (id, seq) again replaces it.
        await Store.SaveAsync(new SnapshotMetadata("q-snap", 30, t0.AddMinutes(3)), "s-v3", [31]).WaitAsync(Patience);
        Assert.Equal([31], (await Store.LoadAsync("q-snap", SnapshotSelectionCriteria.Latest))!.Payload);

        await Store.DeleteAsync(new SnapshotMetadata("q-snap", 30, t0)).WaitAsync(Patience);
        Assert.Equal(20, (await Store.LoadAsync("q-snap", SnapshotSelectionCriteria.Latest))!.Metadata.SequenceNr);

        await Store.DeleteAsync("q-snap", new SnapshotSelectionCriteria(20, DateTimeOffset.MaxValue)).WaitAsync(Patience);
        Assert.Null(await Store.LoadAsync("q-snap", SnapshotSelectionCriteria.Latest));
        Assert.Equal(99, (await Store.LoadAsync("q-other", SnapshotSelectionCriteria.Latest))!.Metadata.SequenceNr);
    }

    [Fact]
    public async Task Everything_acknowledged_is_readable_after_a_crash_and_restart()
    {
        var acknowledged = new List<Task>();
        for (var i = 0; i < 20; i++) acknowledged.Add(Store.WriteAsync(Range($"q-dur{i}", 1, 25)));
        acknowledged.Add(Store.DeleteToAsync("q-dur0", 5));
        acknowledged.Add(Store.SaveAsync(new SnapshotMetadata("q-dur1", 25, DateTimeOffset.UtcNow), "s", [7, 7]));
        await Task.WhenAll(acknowledged).WaitAsync(Patience);

        var reopened = await CrashAndReopenAsync(Store);

        for (var i = 1; i < 20; i++) Assert.Equal(Expected(1, 25), Seqs(await ReplayAll(reopened, $"q-dur{i}")));
        Assert.Equal(Expected(6, 25), Seqs(await ReplayAll(reopened, "q-dur0")));
        Assert.Equal(25, await reopened.ReadHighestSequenceNrAsync("q-dur0"));
        Assert.Equal([7, 7], (await reopened.LoadAsync("q-dur1", SnapshotSelectionCriteria.Latest))!.Payload);
        await reopened.WriteAsync(Single("q-dur1", 26)).WaitAsync(Patience);
        Assert.Equal(26, await reopened.ReadHighestSequenceNrAsync("q-dur1"));
    }

    [Fact]
    public async Task Disposing_writes_what_is_queued_and_then_refuses_writes()
    {
        var pending = new List<Task>();
        for (var s = 1; s <= 200; s++) pending.Add(Store.WriteAsync(Single("q-close", s)));

        await Store.DisposeAsync().AsTask().WaitAsync(Patience);

        await Task.WhenAll(pending).WaitAsync(Patience);
        Assert.Throws<ObjectDisposedException>(() => { _ = Store.WriteAsync(Single("q-close", 201)); });
        var reopened = await OpenAsync();
        Assert.Equal(200, await reopened.ReadHighestSequenceNrAsync("q-close"));
    }

    [Fact]
    public async Task A_newer_schema_version_is_refused_at_start()
    {
        await BumpSchemaVersionAsync();

        var error = await Assert.ThrowsAsync<Fabric.Persistence.PersistenceStartupException>(() => OpenAsync());

        Assert.Contains("schema version 2", error.Message);
        Output.WriteLine(error.Message);
    }
}
