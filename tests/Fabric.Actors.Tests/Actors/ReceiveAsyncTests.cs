namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;

public sealed class ReceiveAsyncTests : TestKit
{
    private sealed class Slow : ReceiveActor
    {
        private int _inFlight;

        public Slow(IActorRef monitor)
        {
            ReceiveAsync<int>(async n =>
            {
                if (++_inFlight != 1) monitor.Tell("overlap!");
                await Task.Delay(n % 3 == 0 ? 20 : 1);
                await Task.Yield();
                monitor.Tell(n);
                Sender.Tell("done:" + n); // Sender still refers to this message's sender after the awaits
                _inFlight--;
            });
            ReceiveAsync<string>(async s =>
            {
                await Task.Yield();
                throw new InvalidOperationException(s);
            });
        }
    }

    [Fact]
    public void Async_handlers_run_one_at_a_time_in_message_order()
    {
        var monitor = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Slow(monitor)));
        for (var i = 1; i <= 10; i++) actor.Tell(i);
        for (var i = 1; i <= 10; i++) monitor.ExpectMsg(i);
        for (var i = 1; i <= 10; i++) ExpectMsg("done:" + i);
        monitor.ExpectNoMsg();
    }

    [Fact]
    public void A_faulted_async_handler_fails_the_actor()
    {
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures, typeof(ActorFailure));
        var actor = Sys.ActorOf(Props.Create(() => new Slow(TestActor)));
        actor.Tell("bang");
        var failure = failures.ExpectMsg<ActorFailure>();
        Assert.Equal("bang", failure.Cause.Message);
        actor.Tell(3); // restarted, still works
        ExpectMsg(3);
    }
}
