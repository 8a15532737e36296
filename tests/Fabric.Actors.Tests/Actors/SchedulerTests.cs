namespace Fabric.Actors.Tests.Actors;

using System.Diagnostics;
using Fabric.TestKit;
using Xunit;

public sealed class SchedulerTests : TestKit
{
    [Fact]
    public void ScheduleTellOnce_delivers_once_after_the_delay()
    {
        var started = DateTime.UtcNow;
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "tick", ActorRefs.NoSender);
        ExpectMsg("tick");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(90));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void ScheduleTellRepeatedly_repeats_until_cancelled()
    {
        var task = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TestActor, "tick", ActorRefs.NoSender);
        ReceiveN(5);
        task.Cancel();
        Assert.True(task.IsCancellationRequested);
        // Ticks queued before Cancel may still arrive; then there must be silence (ticks every 20 ms would break it).
        var drainUntil = DateTime.UtcNow + Dilated(TimeSpan.FromSeconds(10));
        while (ReceiveOne(TimeSpan.FromMilliseconds(300)) != null)
            Assert.True(DateTime.UtcNow < drainUntil, "ticks keep coming after Cancel");
    }

    [Fact]
    public void Cancelled_tell_is_never_delivered()
    {
        var task = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(150), TestActor, "late", ActorRefs.NoSender);
        task.Cancel();
        ExpectNoMsg(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public void ScheduleOnce_runs_the_action()
    {
        using var done = new ManualResetEventSlim();
        Sys.Scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(10), done.Set);
        Assert.True(done.Wait(Dilated(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public void Items_fire_in_due_order()
    {
        for (var i = 5; i >= 1; i--)
            Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(i * 40), TestActor, i, ActorRefs.NoSender);
        for (var i = 1; i <= 5; i++) ExpectMsg(i);
    }

    private sealed record Idle(TimeSpan SinceLastMessage, int Messages);

    /// <summary>On ReceiveTimeout reports how long ago it processed its last message, then turns the timeout off.</summary>
    private sealed class Sleepy(IActorRef monitor) : UntypedActor
    {
        private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
        private int _messages;

        protected override void PreStart() => Context.SetReceiveTimeout(TimeSpan.FromSeconds(1));

        protected override void OnReceive(object message)
        {
            if (message is ReceiveTimeout)
            {
                monitor.Tell(new Idle(_sinceLast.Elapsed, _messages));
                Context.SetReceiveTimeout(null);
                return;
            }
            _messages++;
            _sinceLast.Restart();
        }
    }

    [Fact]
    public void ReceiveTimeout_fires_only_after_a_full_timeout_without_messages()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Sleepy(TestActor)));
        // Keep it busy for 1.5 timeouts with a message every 30 ms; then let it idle.
        var keepAlive = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(30), actor, "keep-alive", ActorRefs.NoSender);
        Sys.Scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(1500), keepAlive.Cancel);
        var idle = ExpectMsg<Idle>(TimeSpan.FromSeconds(10));
        // Judged by what the actor itself saw (robust on a starved machine): a full timeout passed since its last message.
        Assert.True(idle.SinceLastMessage >= TimeSpan.FromMilliseconds(950), $"fired after only {idle.SinceLastMessage}");
        Assert.True(idle.Messages > 10, $"only {idle.Messages} keep-alives were processed");
        ExpectNoMsg(TimeSpan.FromMilliseconds(1500)); // turned off after the first timeout
    }

    private sealed class WithTimers(IActorRef monitor) : UntypedActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "start-single":
                    Timers.StartSingleTimer("k", "single", TimeSpan.FromMilliseconds(50));
                    break;
                case "start-periodic":
                    Timers.StartPeriodicTimer("p", "periodic", TimeSpan.FromMilliseconds(30));
                    break;
                case "replace":
                    Timers.StartSingleTimer("k", "first", TimeSpan.FromMilliseconds(50));
                    Timers.StartSingleTimer("k", "second", TimeSpan.FromMilliseconds(50));
                    break;
                case "cancel-periodic":
                    Timers.Cancel("p");
                    monitor.Tell("cancelled");
                    break;
                default:
                    monitor.Tell(message);
                    break;
            }
        }
    }

    [Fact]
    public void Timers_single_periodic_replace_and_cancel()
    {
        var actor = Sys.ActorOf(Props.Create(() => new WithTimers(TestActor)));
        actor.Tell("start-single");
        ExpectMsg("single");
        actor.Tell("replace");
        ExpectMsg("second");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        actor.Tell("start-periodic");
        ExpectMsg("periodic");
        ExpectMsg("periodic");
        actor.Tell("cancel-periodic");
        FishForMessage(m => m is "cancelled");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // a cancelled timer's queued ticks are discarded too
    }
}
