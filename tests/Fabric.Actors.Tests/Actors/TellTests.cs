namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;

public sealed class TellTests : TestKit
{
    private sealed class Recorder : UntypedActor
    {
        private readonly List<object> _seen = [];

        protected override void OnReceive(object message)
        {
            if (message is "dump") Sender.Tell(_seen.ToArray());
            else _seen.Add(message);
        }
    }

    [Fact]
    public void Messages_from_one_sender_arrive_in_order()
    {
        var recorder = Sys.ActorOf(Props.Create<Recorder>());
        for (var i = 0; i < 10_000; i++) recorder.Tell(i);
        recorder.Tell("dump");
        var seen = ExpectMsg<object[]>();
        Assert.Equal(10_000, seen.Length);
        for (var i = 0; i < seen.Length; i++) Assert.Equal(i, seen[i]);
    }

    [Fact]
    public void Tell_without_sender_from_a_test_uses_the_test_actor()
    {
        var echo = Sys.ActorOf(Props.Create<TestActors.Echo>());
        echo.Tell("hi");
        ExpectMsg("hi");
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void Tell_inside_an_actor_defaults_the_sender_to_self()
    {
        var echo = Sys.ActorOf(Props.Create<TestActors.Echo>());
        var relay = Sys.ActorOf(Props.Create(() => new Relay(echo, TestActor)));
        relay.Tell("ping");
        ExpectMsg("ping");
    }

    private sealed class Relay(IActorRef target, IActorRef monitor) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (Sender.Equals(target)) monitor.Tell(message); // the echo replied to us: our implicit sender was Self
            else target.Tell(message);
        }
    }

    [Fact]
    public void PoisonPill_stops_after_the_messages_queued_before_it()
    {
        var counter = Sys.ActorOf(Props.Create(() => new TestActors.Counter(TestActor)), "pp");
        ExpectMsg("prestart");
        Watch(counter);
        for (var i = 0; i < 100; i++) counter.Tell("inc");
        counter.Tell("get");
        counter.Tell(PoisonPill.Instance);
        counter.Tell("get"); // after the pill: dead letter
        ExpectMsg(100);
        ExpectMsg("poststop:pp");
        ExpectTerminated(counter);
        ExpectNoMsg();
    }

    [Fact]
    public void Kill_fails_the_actor_and_the_default_strategy_stops_it()
    {
        var counter = Sys.ActorOf(Props.Create(() => new TestActors.Counter(TestActor)), "killed");
        ExpectMsg("prestart");
        Watch(counter);
        counter.Tell(Kill.Instance);
        ExpectMsg("poststop:killed");
        ExpectTerminated(counter);
    }

    private sealed class Switcher : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "angry":
                    Context.Become(Angry, discardOld: false);
                    break;
                default:
                    Sender.Tell("happy:" + message);
                    break;
            }
        }

        private bool Angry(object message)
        {
            switch (message)
            {
                case "calm":
                    Context.Unbecome();
                    return true;
                case string s:
                    Sender.Tell("angry:" + s);
                    return true;
                default:
                    return false;
            }
        }
    }

    [Fact]
    public void Become_and_Unbecome_switch_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create<Switcher>());
        actor.Tell("a");
        ExpectMsg("happy:a");
        actor.Tell("angry");
        actor.Tell("b");
        ExpectMsg("angry:b");
        actor.Tell("calm");
        actor.Tell("c");
        ExpectMsg("happy:c");
    }

    private sealed class Summer(int expected, IActorRef done) : UntypedActor
    {
        private long _sum;
        private int _count;

        protected override void OnReceive(object message)
        {
            _sum += (int)message;
            if (++_count == expected) done.Tell(_sum);
        }
    }

    [Fact]
    public void Many_actors_times_many_messages_are_delivered_exactly()
    {
        const int actors = 200;
        const int senders = 4;
        const int perSender = 1_000;
        var targets = new IActorRef[actors];
        for (var i = 0; i < actors; i++)
            targets[i] = Sys.ActorOf(Props.Create(() => new Summer(senders * perSender, TestActor)));
        // Dedicated threads, so the senders do not compete with the actors for pool threads.
        var threads = new Thread[senders];
        for (var s = 0; s < senders; s++)
        {
            threads[s] = new Thread(() =>
            {
                for (var m = 1; m <= perSender; m++)
                    foreach (var target in targets) target.Tell(m, ActorRefs.NoSender);
            });
            threads[s].Start();
        }
        foreach (var thread in threads) thread.Join();
        var expectedSum = (long)senders * perSender * (perSender + 1) / 2;
        var sums = ReceiveN(actors, TimeSpan.FromSeconds(30));
        foreach (var sum in sums) Assert.Equal(expectedSum, sum);
        ExpectNoMsg();
    }
}
