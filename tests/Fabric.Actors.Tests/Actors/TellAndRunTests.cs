namespace Fabric.Actors.Tests.Actors;

using Fabric.Actors.Cell;
using Fabric.TestKit;
using Xunit;

/// <summary>TellAndRun: an idle actor's turn runs on the caller's thread; a busy one is told as usual.</summary>
public sealed class TellAndRunTests : TestKit
{
    /// <summary>Reports the managed thread id its message was handled on; "block" waits on the gate first.</summary>
    private sealed class ThreadReporter(IActorRef monitor, ManualResetEventSlim gate) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is "block")
            {
                monitor.Tell("blocking");
                gate.Wait(TimeSpan.FromSeconds(30));
            }
            monitor.Tell((message, Environment.CurrentManagedThreadId));
        }
    }

    [Fact]
    public void An_idle_actor_runs_on_the_calling_thread()
    {
        using var gate = new ManualResetEventSlim(false);
        var actor = (LocalActorRef)Sys.ActorOf(Props.Create(() => new ThreadReporter(TestActor, gate)));
        actor.Tell("warm-up"); // the actor is created and idle once this is answered
        ExpectMsg<(object, int)>();
        int caller = -1;
        var thread = new Thread(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            actor.TellAndRun("inline", ActorRefs.Nobody);
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        var (message, handledOn) = ExpectMsg<(object, int)>();
        Assert.Equal("inline", message);
        Assert.Equal(caller, handledOn);
    }

    [Fact]
    public void A_busy_actor_gets_the_message_in_order_on_its_own_turn()
    {
        using var gate = new ManualResetEventSlim(false);
        var actor = (LocalActorRef)Sys.ActorOf(Props.Create(() => new ThreadReporter(TestActor, gate)));
        actor.Tell("block");
        ExpectMsg("blocking");
        actor.TellAndRun("queued", ActorRefs.Nobody); // returns at once: the actor is busy
        gate.Set();
        Assert.Equal("block", ExpectMsg<(object, int)>().Item1);
        var (message, handledOn) = ExpectMsg<(object, int)>();
        Assert.Equal("queued", message);
        Assert.NotEqual(Environment.CurrentManagedThreadId, handledOn);
    }

    [Fact]
    public void A_stopped_actor_sends_the_message_to_dead_letters()
    {
        using var gate = new ManualResetEventSlim(false);
        var actor = (LocalActorRef)Sys.ActorOf(Props.Create(() => new ThreadReporter(TestActor, gate)));
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        actor.TellAndRun("late", ActorRefs.Nobody);
        Assert.Equal("late", ExpectMsg<DeadLetter>().Message);
    }
}
