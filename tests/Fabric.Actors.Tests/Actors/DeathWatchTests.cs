namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;
using static Fabric.Actors.Tests.Actors.TestActors;

public sealed class DeathWatchTests : TestKit
{
    [Fact]
    public void Watcher_gets_Terminated_when_the_actor_stops()
    {
        var actor = Sys.ActorOf(Props.Create<Echo>());
        Watch(actor);
        Sys.Stop(actor);
        var terminated = ExpectTerminated(actor);
        Assert.True(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void Watcher_gets_Terminated_when_the_actor_is_stopped_after_a_failure()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.StoppingStrategy, null)));
        supervisor.Tell(new CreateChild(Props.Create<Counter>(), "doomed"));
        var child = ExpectMsg<IActorRef>();
        Watch(child);
        child.Tell("fail");
        ExpectTerminated(child);
    }

    [Fact]
    public void Watching_an_already_dead_actor_delivers_Terminated_at_once()
    {
        var actor = Sys.ActorOf(Props.Create<Echo>());
        var first = CreateTestProbe();
        first.Watch(actor);
        Sys.Stop(actor);
        first.ExpectTerminated(actor);
        Watch(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void Unwatch_stops_the_notification()
    {
        var actor = Sys.ActorOf(Props.Create<Echo>());
        var other = CreateTestProbe();
        Watch(actor);
        other.Watch(actor);
        Unwatch(actor);
        Sys.Stop(actor);
        other.ExpectTerminated(actor); // the actor did stop...
        ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // ...but the unwatching test actor hears nothing
    }

    private sealed class Pact(IActorRef subject) : UntypedActor
    {
        protected override void PreStart() => Context.Watch(subject);

        protected override void OnReceive(object message) => Unhandled(message);
    }

    [Fact]
    public void Unhandled_Terminated_raises_DeathPactException_which_stops_the_watcher()
    {
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures, typeof(ActorFailure));
        var subject = Sys.ActorOf(Props.Create<Echo>());
        var watcher = Sys.ActorOf(Props.Create(() => new Pact(subject)));
        Watch(watcher);
        // Whether the watch lands before or after the stop, the watcher must get Terminated.
        Sys.Stop(subject);
        ExpectTerminated(watcher);
        var failure = failures.FishForMessage<ActorFailure>(f => f.Cause is DeathPactException);
        Assert.Equal(subject, ((DeathPactException)failure.Cause).DeadActor);
    }

    private sealed class ChildWatcher(IActorRef monitor) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "spawn":
                    Context.Watch(Context.ActorOf(Props.Create<Echo>(), "kid"));
                    break;
                case "stop-kid":
                    Context.Stop(Context.Child("kid")!);
                    break;
                case Terminated t:
                    monitor.Tell("kid terminated:" + t.ActorRef.Path.Name);
                    break;
            }
        }
    }

    [Fact]
    public void Parent_watching_its_child_gets_Terminated_once()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ChildWatcher(TestActor)));
        parent.Tell("spawn");
        parent.Tell("stop-kid");
        ExpectMsg("kid terminated:kid");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
