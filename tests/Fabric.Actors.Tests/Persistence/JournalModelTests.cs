using Fabric.Persistence.Journal;
using Fabric.Persistence.Sqlite;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>
/// Random batches of writes (some overlapping stored events, hence rejected) and deletes against SQLite, compared
/// with a simple model of which events exist and what the highest sequence number is, also after a restart.
/// </summary>
public sealed class JournalModelTests
{
    private const int Ids = 3;

    private abstract record Op;

    private sealed record Write(int Id, int Count, int Overlap);

    private sealed record WriteBatch(Write[] Writes) : Op
    {
        public override string ToString() => "WriteBatch [" + string.Join(", ", (object[])Writes) + "]";
    }

    private sealed record DeleteTo(int Id, int Percent) : Op;

    private static Gen<Write> WriteGen() =>
        Gen.Choose(0, Ids - 1).Zip(Gen.Choose(1, 4)).Zip(Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 3))),
            (ic, overlap) => new Write(ic.Item1, ic.Item2, overlap));

    private static Gen<Op> OpGen() =>
        Gen.Frequency(
            (4, Gen.Choose(1, 4).SelectMany(n => WriteGen().ArrayOf(n)).Select(ws => (Op)new WriteBatch(ws))),
            (1, Gen.Choose(0, Ids - 1).Zip(Gen.Choose(0, 120), (id, p) => (Op)new DeleteTo(id, p))));

    [Fact]
    public void The_journal_behaves_like_its_model_and_survives_a_restart()
    {
        var property = Prop.ForAll(Arb.From(OpGen().ArrayOf()), (Action<Op[]>)(ops => Run(ops).GetAwaiter().GetResult()));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40).WithEndSize(25), property);
    }

    private static async Task Run(Op[] ops)
    {
        using var file = new TempDatabaseFile();
        var present = new SortedSet<long>[Ids];
        var marks = new long[Ids];
        for (var i = 0; i < Ids; i++) present[i] = new SortedSet<long>();

        await using (var store = SqliteStore.Open(new SqliteSettings(file.Path)))
        {
            foreach (var op in ops)
            {
                if (op is WriteBatch batch) await ApplyAsync(store, batch, present);
                else if (op is DeleteTo delete) await ApplyAsync(store, delete, present, marks);
            }

            await VerifyAsync(store, present, marks);
        }

        await using var reopened = SqliteStore.Open(new SqliteSettings(file.Path));
        await VerifyAsync(reopened, present, marks);
    }

    private static async Task ApplyAsync(SqliteStore store, WriteBatch batch, SortedSet<long>[] present)
    {
        // The model applies the batch's writes in order; later writes see earlier ones of the same batch.
        var writes = new List<AtomicWrite>();
        var expectRejected = new List<bool>();
        foreach (var w in batch.Writes)
        {
            var set = present[w.Id];
            var from = Math.Max(1, (set.Count == 0 ? 0 : set.Max) + 1 - w.Overlap);
            var to = from + w.Count - 1;
            var events = new List<PersistentRepresentation>();
            var clash = false;
            for (var s = from; s <= to; s++)
            {
                events.Add(new PersistentRepresentation(Pid(w.Id), s, "m", BitConverter.GetBytes(s)));
                clash |= set.Contains(s);
            }

            writes.Add(new AtomicWrite(events));
            expectRejected.Add(clash);
            if (!clash)
                for (var s = from; s <= to; s++) set.Add(s);
        }

        var results = await store.WriteAsync(writes);
        for (var i = 0; i < writes.Count; i++)
        {
            if (expectRejected[i]) Assert.IsType<AtomicWriteRejectedException>(results[i]);
            else Assert.Null(results[i]);
        }
    }

    private static async Task ApplyAsync(SqliteStore store, DeleteTo delete, SortedSet<long>[] present, long[] marks)
    {
        var set = present[delete.Id];
        var top = set.Count == 0 ? 0 : set.Max;
        var to = top * delete.Percent / 100;
        foreach (var s in set)
            if (s <= to) marks[delete.Id] = Math.Max(marks[delete.Id], s);
        set.RemoveWhere(s => s <= to);
        await store.DeleteToAsync(Pid(delete.Id), to);
    }

    private static async Task VerifyAsync(SqliteStore store, SortedSet<long>[] present, long[] marks)
    {
        for (var id = 0; id < Ids; id++)
        {
            var replayed = new List<long>();
            await store.ReplayAsync(Pid(id), 1, long.MaxValue, long.MaxValue, e =>
            {
                Assert.Equal(e.SequenceNr, BitConverter.ToInt64(e.Payload));
                replayed.Add(e.SequenceNr);
            });
            Assert.Equal(present[id], replayed);
            var highest = Math.Max(present[id].Count == 0 ? 0 : present[id].Max, marks[id]);
            Assert.Equal(highest, await store.ReadHighestSequenceNrAsync(Pid(id)));
        }
    }

    private static string Pid(int id) => $"model-{id}";
}
