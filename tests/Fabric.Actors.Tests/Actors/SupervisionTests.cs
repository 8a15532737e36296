namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;
using static Fabric.Actors.Tests.Actors.TestActors;

public sealed class SupervisionTests : TestKit
{
    private IActorRef StartSupervised(SupervisorStrategy strategy, Props child, string name, IActorRef? monitor = null)
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy, monitor)));
        supervisor.Tell(new CreateChild(child, name));
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Restart_resets_state_and_keeps_the_mailbox()
    {
        var probe = CreateTestProbe();
        var child = StartSupervised(SupervisorStrategy.DefaultStrategy, Props.Create(() => new Counter(probe)), "c");
        probe.ExpectMsg("prestart");
        child.Tell("inc");
        child.Tell("inc");
        child.Tell("fail");
        child.Tell("inc"); // queued behind the failing message: must survive the restart
        child.Tell("get");
        ExpectMsg(1);
    }

    [Fact]
    public void Restart_calls_PreRestart_on_the_old_and_PostRestart_on_the_new_instance()
    {
        var probe = CreateTestProbe();
        var child = StartSupervised(SupervisorStrategy.DefaultStrategy, Props.Create(() => new Counter(probe)), "hooks");
        probe.ExpectMsg("prestart");
        child.Tell("fail");
        var pre = probe.ExpectMsg<PreRestarted>();
        Assert.Equal("boom", pre.Reason);
        Assert.Equal("fail", pre.Message);
        probe.ExpectMsg("poststop:hooks"); // default PreRestart calls PostStop
        Assert.Equal("boom", probe.ExpectMsg<PostRestarted>().Reason);
        probe.ExpectMsg("prestart"); // default PostRestart calls PreStart
    }

    [Fact]
    public void Resume_keeps_the_state()
    {
        var strategy = new OneForOneStrategy(_ => Directive.Resume);
        var child = StartSupervised(strategy, Props.Create<Counter>(), "resumed");
        child.Tell("inc");
        child.Tell("fail");
        child.Tell("inc");
        child.Tell("get");
        ExpectMsg(2);
    }

    [Fact]
    public void Stop_directive_stops_the_child()
    {
        var child = StartSupervised(SupervisorStrategy.StoppingStrategy, Props.Create<Counter>(), "stopped");
        Watch(child);
        child.Tell("fail");
        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_reaches_the_grandparent()
    {
        var decisions = CreateTestProbe();
        var grandStrategy = new OneForOneStrategy(ex =>
        {
            decisions.Tell(ex.GetType().Name + ":" + ex.Message);
            return Directive.Stop;
        });
        var middle = StartSupervised(grandStrategy, Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Escalate), null)), "middle");
        middle.Tell(new CreateChild(Props.Create<Counter>(), "leaf"));
        var leaf = ExpectMsg<IActorRef>();
        Watch(middle);
        Watch(leaf);
        leaf.Tell("fail");
        decisions.ExpectMsg("InvalidOperationException:boom");
        FishForMessage<Terminated>(t => t.ActorRef.Equals(middle));
    }

    [Fact]
    public void AllForOne_restarts_the_siblings_too()
    {
        var strategy = new AllForOneStrategy(_ => Directive.Restart);
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy, null)));
        supervisor.Tell(new CreateChild(Props.Create<Counter>(), "a"));
        var a = ExpectMsg<IActorRef>();
        supervisor.Tell(new CreateChild(Props.Create<Counter>(), "b"));
        var b = ExpectMsg<IActorRef>();
        b.Tell("inc");
        b.Tell("inc");
        b.Tell("get");
        ExpectMsg(2);
        a.Tell("fail");
        AwaitAssert(() =>
        {
            b.Tell("get");
            Assert.Equal(0, ExpectMsg<int>());
        });
        a.Tell("inc");
        a.Tell("get");
        ExpectMsg(1);
    }

    [Fact]
    public void Too_many_restarts_within_the_window_stop_the_child()
    {
        var strategy = new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var probe = CreateTestProbe();
        var child = StartSupervised(strategy, Props.Create(() => new Counter(probe)), "flaky");
        probe.ExpectMsg("prestart");
        Watch(child);
        child.Tell("fail");
        probe.FishForMessage(m => m is "prestart");
        child.Tell("fail");
        probe.FishForMessage(m => m is "prestart");
        child.Tell("fail"); // third failure within the minute
        ExpectTerminated(child);
    }

    private sealed class FailingStart : UntypedActor
    {
        protected override void PreStart() => throw new InvalidOperationException("no start");

        protected override void OnReceive(object message) { }
    }

    [Fact]
    public void Failure_in_PreStart_is_an_ActorInitializationException_and_stops_by_default()
    {
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures, typeof(ActorFailure));
        var actor = Sys.ActorOf(Props.Create<FailingStart>());
        Watch(actor);
        ExpectTerminated(actor);
        var failure = failures.FishForMessage<ActorFailure>(f => f.Actor.Equals(actor));
        var init = Assert.IsType<ActorInitializationException>(failure.Cause);
        Assert.Equal("no start", init.InnerException!.Message);
    }

    [Fact]
    public void Decider_sees_the_exception_type()
    {
        var strategy = new OneForOneStrategy(ex => ex is ArgumentException ? Directive.Resume : Directive.Stop);
        var child = StartSupervised(strategy, Props.Create<Counter>(), "typed");
        Watch(child);
        child.Tell("inc");
        child.Tell("fail-arg");
        child.Tell("get");
        ExpectMsg(1);
        child.Tell("fail");
        ExpectTerminated(child);
    }

    /// <summary>Creates a child named "kid" in PreStart; fails on "fail".</summary>
    private sealed class WithKid(IActorRef monitor) : UntypedActor
    {
        protected override void PreStart() => Context.ActorOf(Props.Create(() => new Counter(monitor)), "kid");

        protected override void PostRestart(Exception reason)
        {
            monitor.Tell(new PostRestarted(reason.Message));
            base.PostRestart(reason);
        }

        protected override void OnReceive(object message)
        {
            if (message is "fail") throw new InvalidOperationException("parent down");
            if (message is "kid?") Sender.Tell(Context.Child("kid") ?? (object)"none");
        }
    }

    [Fact]
    public void Restart_stops_the_children_before_the_new_instance_starts()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new WithKid(probe)));
        probe.ExpectMsg("prestart");
        parent.Tell("kid?");
        var oldKid = ExpectMsg<IActorRef>();
        parent.Tell("fail");
        probe.ExpectMsg("poststop:kid");          // the old child is gone...
        probe.ExpectMsg<PostRestarted>();         // ...before the new instance runs PostRestart
        probe.ExpectMsg("prestart");              // and re-creates "kid" under the same name
        parent.Tell("kid?");
        var newKid = ExpectMsg<IActorRef>();
        Assert.NotEqual(oldKid, newKid);
    }
}
