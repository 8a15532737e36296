namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;

/// <summary>Hand-off: an idle actor told by a running turn runs right after it, on the same thread.</summary>
public sealed class HandOffTests() : TestKit(new ActorSystemSettings { HandOff = true })
{
    /// <summary>Tells its target the managed thread id of the turn that told it.</summary>
    private sealed class Teller(IActorRef target) : UntypedActor
    {
        protected override void OnReceive(object message) => target.Tell(Environment.CurrentManagedThreadId);
    }

    /// <summary>Reports (teller's thread, own thread) for each thread id it is told.</summary>
    private sealed class Reporter(IActorRef monitor) : UntypedActor
    {
        protected override void OnReceive(object message) =>
            monitor.Tell(((int)message, Environment.CurrentManagedThreadId));
    }

    [Fact]
    public void An_actor_told_by_a_turn_runs_on_the_same_thread()
    {
        var reporter = Sys.ActorOf(Props.Create(() => new Reporter(TestActor)));
        var teller = Sys.ActorOf(Props.Create(() => new Teller(reporter)));
        for (var i = 0; i < 20; i++)
        {
            teller.Tell("go");
            var (toldOn, ranOn) = ExpectMsg<(int, int)>();
            Assert.Equal(toldOn, ranOn);
        }
    }
}
