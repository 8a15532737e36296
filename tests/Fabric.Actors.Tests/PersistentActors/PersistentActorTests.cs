using Fabric.Persistence.Actors;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.PersistentActors;

/// <summary>The persistent-actor contract, run against every store provider by a subclass.</summary>
/// <remarks>
/// Commands are sent with an explicit sender (<c>Send</c>): after an awaited InitializeAsync the test may run on a
/// thread whose implicit sender is another test's probe.
/// </remarks>
public abstract class PersistentActorTests : PersistenceTestKit
{
    private int _actorCounter;

    protected PersistentActorTests(ITestOutputHelper output) => Output = output;

    protected ITestOutputHelper Output { get; }

    [Fact]
    public void Handlers_run_in_persist_order_with_consecutive_sequence_numbers()
    {
        var actor = Start("order");
        ExpectRecovered([], 0);

        Send(actor, new PersistSeveral(["a", "b", "c"], Atomic: false));
        Send(actor, new PersistSeveral(["d", "e"], Atomic: true));

        for (var i = 0; i < 5; i++) Assert.Equal(new Persisted(((char)('a' + i)).ToString(), i + 1), Expect<Persisted>());
        Send(actor, new GetState());
        AssertState(Expect<State>(), ["a", "b", "c", "d", "e"], 5, 0);
    }

    [Fact]
    public void Commands_wait_until_the_persist_in_flight_is_durable()
    {
        var actor = Start("stash");
        ExpectRecovered([], 0);
        Journal.Hold();

        Send(actor, new PersistOne("a"));
        AwaitCondition(() => Journal.HeldCount == 1, Patience);
        Send(actor, new GetState());
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        Journal.Release();
        Assert.Equal(new Persisted("a", 1), Expect<Persisted>());
        AssertState(Expect<State>(), ["a"], 1, 0);
    }

    [Fact]
    public void The_same_command_object_can_wait_twice_for_a_persist()
    {
        var actor = Start("singleton");
        ExpectRecovered([], 0);
        Journal.Hold();

        Send(actor, new PersistOne("a"));
        AwaitCondition(() => Journal.HeldCount == 1, Patience);
        Send(actor, Ping.Instance);
        Send(actor, Ping.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Journal.Release();
        Assert.Equal(new Persisted("a", 1), Expect<Persisted>());
        Assert.Equal(new Pong(1), Expect<Pong>());
        Assert.Equal(new Pong(1), Expect<Pong>());
    }

    [Fact]
    public async Task Handlers_run_in_order_and_see_their_command_sender_when_writes_complete_out_of_order()
    {
        var actor = Start("reversed");
        ExpectRecovered([], 0);
        var other = CreateTestProbe();
        Journal.Hold();

        Send(actor, new PersistWithoutStash("a"));
        other.Send(actor, new PersistSeveral(["b", "c"], Atomic: false));
        AwaitCondition(() => Journal.HeldCount == 3, Patience);
        await Journal.ReleaseNewestFirstAsync().WaitAsync(Patience);

        Assert.Equal(new Persisted("a", 1), Expect<Persisted>());
        Assert.Equal(new Persisted("b", 2), other.ExpectMsg<Persisted>(Patience));
        Assert.Equal(new Persisted("c", 3), other.ExpectMsg<Persisted>(Patience));
    }

    [Fact]
    public void PersistAsync_lets_commands_run_before_its_handler()
    {
        var actor = Start("async");
        ExpectRecovered([], 0);
        Journal.Hold();

        Send(actor, new PersistWithoutStash("a"));
        AwaitCondition(() => Journal.HeldCount == 1, Patience);
        Send(actor, new GetState());
        AssertState(Expect<State>(), [], 0, 0);

        Journal.Release();
        Assert.Equal(new Persisted("a", 1), Expect<Persisted>());
    }

    [Fact]
    public void DeferAsync_and_nested_persists_run_after_the_handlers_before_them()
    {
        var actor = Start("defer");
        ExpectRecovered([], 0);

        Send(actor, new PersistThenDefer("a", "after-a"));
        Send(actor, new PersistNested("b"));
        Send(actor, new GetState());

        Assert.Equal(new Persisted("a", 1), Expect<Persisted>());
        Assert.Equal(new Deferred("after-a"), Expect<Deferred>());
        Assert.Equal(new Persisted("b", 2), Expect<Persisted>());
        Assert.Equal(new Persisted("b-inner", 3), Expect<Persisted>());
        AssertState(Expect<State>(), ["a", "b", "b-inner"], 3, 0);
    }

    [Fact]
    public void A_new_incarnation_recovers_the_state_and_continues_the_numbering()
    {
        var pid = NewPersistenceId("restart");
        var first = Start(pid: pid);
        ExpectRecovered([], 0);
        Send(first, new PersistSeveral(["a", "b"], Atomic: false));
        Expect<Persisted>();
        Expect<Persisted>();
        StopAndWait(first);

        var second = Start(pid: pid);
        Send(second, new GetState()); // sent during recovery: waits for it
        ExpectRecovered(["a", "b"], 2);
        AssertState(Expect<State>(), ["a", "b"], 2, 0);
        Send(second, new PersistOne("c"));
        Assert.Equal(new Persisted("c", 3), Expect<Persisted>());
    }

    [Fact]
    public void Recovery_starts_from_the_snapshot_and_replays_later_events()
    {
        var pid = NewPersistenceId("snapshot");
        var first = Start(pid: pid);
        ExpectRecovered([], 0);
        Send(first, new PersistSeveral(["a", "b"], Atomic: true));
        Expect<Persisted>();
        Expect<Persisted>();
        Send(first, new TakeSnapshot());
        Assert.Equal(2, Expect<SaveSnapshotSuccess>().Metadata.SequenceNr);
        Send(first, new PersistOne("c"));
        Expect<Persisted>();
        StopAndWait(first);

        Start(pid: pid);
        var offered = Expect<Offered>();
        Assert.Equal(2, offered.SequenceNr);
        Assert.Equal(["a", "b"], offered.Events);
        ExpectRecovered(["a", "b", "c"], 3, snapshotSequenceNr: 2);
    }

    [Fact]
    public async Task Deleted_events_are_not_replayed_and_recovery_uses_the_snapshot()
    {
        var pid = NewPersistenceId("delete");
        var first = Start(pid: pid);
        ExpectRecovered([], 0);
        Send(first, new PersistSeveral(["a", "b", "c"], Atomic: false));
        for (var i = 0; i < 3; i++) Expect<Persisted>();
        Send(first, new TakeSnapshot());
        Expect<SaveSnapshotSuccess>();
        Send(first, new DeleteUpTo(3));
        Assert.Equal(new DeleteMessagesSuccess(3), Expect<DeleteMessagesSuccess>());
        Send(first, new PersistOne("d"));
        Assert.Equal(new Persisted("d", 4), Expect<Persisted>());
        StopAndWait(first);

        var stored = new List<long>();
        await Store.ReplayAsync(pid, 1, long.MaxValue, long.MaxValue, e => stored.Add(e.SequenceNr)).WaitAsync(Patience);
        Assert.Equal([4L], stored);

        Start(pid: pid);
        Assert.Equal(3, Expect<Offered>().SequenceNr);
        ExpectRecovered(["a", "b", "c", "d"], 4, snapshotSequenceNr: 3);
    }

    [Fact]
    public void Deleting_every_event_keeps_the_sequence_numbering()
    {
        var pid = NewPersistenceId("delete-all");
        var first = Start(pid: pid);
        ExpectRecovered([], 0);
        Send(first, new PersistSeveral(["a", "b"], Atomic: false));
        Expect<Persisted>();
        Expect<Persisted>();
        Send(first, new DeleteUpTo(long.MaxValue));
        Assert.Equal(new DeleteMessagesSuccess(2), Expect<DeleteMessagesSuccess>());
        StopAndWait(first);

        var second = Start(pid: pid);
        ExpectRecovered([], 2);
        Send(second, new PersistOne("c"));
        Assert.Equal(new Persisted("c", 3), Expect<Persisted>());
    }

    [Fact]
    public void A_store_failure_fails_the_actor_and_its_restart_recovers_from_the_journal()
    {
        var actor = Start("failure");
        ExpectRecovered([], 0);
        Send(actor, new PersistOne("a"));
        Assert.Equal(new Persisted("a", 1), Expect<Persisted>());

        Journal.FailNext(1);
        Send(actor, new PersistOne("b"));
        Send(actor, new GetState()); // waits behind the failing persist, then survives the restart

        Assert.Equal(new PersistFailed("b", 2), Expect<PersistFailed>());
        ExpectRecovered(["a"], 1);
        AssertState(Expect<State>(), ["a"], 1, 0);
        Send(actor, new PersistOne("c"));
        Assert.Equal(new Persisted("c", 2), Expect<Persisted>());
    }

    [Fact]
    public void A_rejected_write_skips_its_handler_and_the_actor_continues()
    {
        var pid = NewPersistenceId("rejected");
        var actor = Start(pid: pid);
        ExpectRecovered([], 0);
        Send(actor, new PersistOne("a"));
        Expect<Persisted>();

        Journal.RejectNext(1);
        Send(actor, new PersistOne("b"));
        Send(actor, new GetState());
        Assert.Equal(new PersistRejected("b", 2), Expect<PersistRejected>());
        AssertState(Expect<State>(), ["a"], 1, 0);
        Send(actor, new PersistOne("c"));
        Assert.Equal(new Persisted("c", 3), Expect<Persisted>());
        StopAndWait(actor);

        Start(pid: pid);
        ExpectRecovered(["a", "c"], 3);
    }

    [Fact]
    public async Task A_command_that_throws_after_Persist_writes_nothing()
    {
        var pid = NewPersistenceId("throws");
        var actor = Start(pid: pid);
        ExpectRecovered([], 0);

        Send(actor, new PersistThenThrow("x"));
        ExpectRecovered([], 0); // restarted by its supervisor
        Send(actor, new PersistOne("y"));
        Assert.Equal(new Persisted("y", 1), Expect<Persisted>());
        Assert.Equal(1, await Store.ReadHighestSequenceNrAsync(pid).WaitAsync(Patience));
    }

    [Fact]
    public void A_failing_recovery_stops_the_actor()
    {
        var pid = NewPersistenceId("poison");
        var first = Start(pid: pid);
        ExpectRecovered([], 0);
        Send(first, new PersistSeveral(["a", "poison", "b"], Atomic: true));
        for (var i = 0; i < 3; i++) Expect<Persisted>();
        StopAndWait(first);

        var second = Sys.ActorOf(Props.Create(() => new EventLogActor(pid, TestActor, "poison")));
        Watch(second);
        Assert.Contains("poisoned event", Expect<RecoveryFailed>().Reason);
        ExpectTerminated(second, Patience);
    }

    [Fact]
    public void Writes_of_many_actors_are_group_committed()
    {
        const int actors = 40;
        const int eventsEach = 25;
        var refs = new IActorRef[actors];
        for (var i = 0; i < actors; i++) refs[i] = Start("many-" + i);
        for (var i = 0; i < actors; i++) Expect<Recovered>();
        var before = (Store.Metrics.Writes, Store.Metrics.Transactions);

        for (var n = 0; n < eventsEach; n++)
        for (var i = 0; i < actors; i++)
            Send(refs[i], new PersistWithoutStash("e" + n));
        var perActor = new Dictionary<IActorRef, long>();
        for (var k = 0; k < actors * eventsEach; k++)
        {
            Expect<Persisted>();
            var sender = LastSender;
            var last = perActor.GetValueOrDefault(sender);
            perActor[sender] = last + 1;
        }

        var writes = Store.Metrics.Writes - before.Writes;
        var transactions = Store.Metrics.Transactions - before.Transactions;
        Output.WriteLine($"{actors} actors x {eventsEach} events: {writes} writes in {transactions} transactions ({Store.Metrics})");
        Assert.Equal(actors, perActor.Count);
        Assert.All(perActor.Values, count => Assert.Equal(eventsEach, count));
        Assert.Equal(actors * eventsEach, writes);
        Assert.True(transactions < writes, $"expected batching: {writes} writes in {transactions} transactions");
    }

    private IActorRef Start(string? name = null, string? pid = null)
    {
        pid ??= NewPersistenceId(name ?? "actor");
        return Sys.ActorOf(Props.Create(() => new EventLogActor(pid, TestActor)), "log-" + Interlocked.Increment(ref _actorCounter));
    }

    private static string NewPersistenceId(string name) => name + "-" + Guid.NewGuid().ToString("N");

    private T Expect<T>() => ExpectMsg<T>(Patience);

    private void ExpectRecovered(string[] events, long lastSequenceNr, long snapshotSequenceNr = 0)
    {
        var recovered = Expect<Recovered>();
        Assert.Equal(events, recovered.Events);
        Assert.Equal(lastSequenceNr, recovered.LastSequenceNr);
        Assert.Equal(snapshotSequenceNr, recovered.SnapshotSequenceNr);
    }

    private static void AssertState(State state, string[] events, long lastSequenceNr, long snapshotSequenceNr)
    {
        Assert.Equal(events, state.Events);
        Assert.Equal(lastSequenceNr, state.LastSequenceNr);
        Assert.Equal(snapshotSequenceNr, state.SnapshotSequenceNr);
    }

    private void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Patience);
    }
}
