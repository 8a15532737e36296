using Fabric.Persistence.Actors;
using Xunit;

namespace Fabric.Actors.Tests.PersistentActors;

public sealed class ReceivePersistentActorTests : PersistenceTestKit
{
    private sealed record Add(int Amount);

    private sealed record Total(int Value);

    /// <summary>Sums persisted amounts; ignores negative ones; reports its total after recovery and each add.</summary>
    private sealed class Summer : ReceivePersistentActor
    {
        private int _total;

        public Summer(IActorRef reports)
        {
            Recover<int>(amount => _total += amount);
            Recover<RecoveryCompleted>(_ => reports.Tell(new Total(_total)));
            Command<Add>(add => Persist(add.Amount, amount =>
            {
                _total += amount;
                Sender.Tell(new Total(_total));
            }), add => add.Amount >= 0);
        }

        public override string PersistenceId => "summer";
    }

    [Fact]
    public void Typed_handlers_persist_recover_and_leave_unmatched_commands_unhandled()
    {
        Sys.EventStream.Subscribe<UnhandledMessage>(TestActor);
        var first = Sys.ActorOf(Props.Create(() => new Summer(TestActor)));
        Assert.Equal(new Total(0), ExpectMsg<Total>(Patience));
        Send(first, new Add(2));
        Send(first, new Add(-5));
        Send(first, new Add(3));
        Assert.Equal(new Total(2), ExpectMsg<Total>(Patience));
        Assert.Equal(new Add(-5), ExpectMsg<UnhandledMessage>(Patience).Message);
        Assert.Equal(new Total(5), ExpectMsg<Total>(Patience));

        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, Patience);
        Sys.ActorOf(Props.Create(() => new Summer(TestActor)));
        Assert.Equal(new Total(5), ExpectMsg<Total>(Patience));
    }
}
