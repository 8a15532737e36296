namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;
using static Fabric.Actors.Tests.Actors.TestActors;

public sealed class EventStreamTests : TestKit
{
    private abstract record Animal(string Name);

    private sealed record Dog(string Name) : Animal(Name);

    private sealed record Cat(string Name) : Animal(Name);

    [Fact]
    public void Subscribing_to_a_base_type_receives_derived_events_once()
    {
        var probe = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe(probe, typeof(Animal)));
        Assert.True(Sys.EventStream.Subscribe(probe, typeof(Dog)));
        Assert.False(Sys.EventStream.Subscribe(probe, typeof(Dog)));
        Sys.EventStream.Publish(new Dog("rex"));
        Sys.EventStream.Publish(new Cat("tom"));
        Sys.EventStream.Publish("not an animal");
        probe.ExpectMsg(new Dog("rex"));
        probe.ExpectMsg(new Cat("tom"));
        probe.ExpectNoMsg();
        Assert.True(Sys.EventStream.Unsubscribe(probe, typeof(Animal)));
        Sys.EventStream.Publish(new Cat("gone"));
        Sys.EventStream.Publish(new Dog("still"));
        probe.ExpectMsg(new Dog("still"));
    }

    [Fact]
    public void Messages_to_a_stopped_actor_are_published_as_dead_letters()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(DeadLetter));
        var actor = Sys.ActorOf(Props.Create<Echo>());
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        actor.Tell("too late");
        var letter = probe.ExpectMsg<DeadLetter>();
        Assert.Equal("too late", letter.Message);
        Assert.Equal(actor, letter.Recipient);
        Assert.Equal(TestActor, letter.Sender);
    }

    [Fact]
    public void Unhandled_messages_are_published()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create<Counter>());
        actor.Tell(42);
        var unhandled = probe.ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
    }

    private sealed class Subscriber(IActorRef monitor) : UntypedActor
    {
        protected override void PreStart()
        {
            Context.System.EventStream.Subscribe(Self, typeof(string));
            monitor.Tell("subscribed");
        }

        protected override void OnReceive(object message) => monitor.Tell("got:" + message);
    }

    [Fact]
    public void Terminated_actors_are_unsubscribed()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters, typeof(DeadLetter));
        var actor = Sys.ActorOf(Props.Create(() => new Subscriber(TestActor)));
        ExpectMsg("subscribed");
        Sys.EventStream.Publish("one");
        ExpectMsg("got:one");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        Sys.EventStream.Publish("two");
        ExpectNoMsg();
        deadLetters.ExpectNoMsg(); // not even a dead letter: the subscription is gone
    }
}
