namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;

public sealed class StashTests : TestKit
{
    /// <summary>Stashes everything until "open"; then forwards all to the monitor.</summary>
    private sealed class Gate : UntypedActor, IWithUnboundedStash
    {
        private readonly IActorRef _monitor;
        private bool _open;

        public Gate(IActorRef monitor) => _monitor = monitor;

        public IStash Stash { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            if (message is "open")
            {
                _open = true;
                Stash.UnstashAll();
            }
            else if (message is "fail")
            {
                throw new InvalidOperationException("restart me");
            }
            else if (!_open)
            {
                Stash.Stash();
            }
            else
            {
                _monitor.Tell(message);
            }
        }
    }

    [Fact]
    public void UnstashAll_delivers_stashed_messages_in_order_before_newer_ones()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor)));
        for (var i = 1; i <= 5; i++) gate.Tell(i);
        gate.Tell("open");
        for (var i = 6; i <= 8; i++) gate.Tell(i);
        for (var i = 1; i <= 8; i++) ExpectMsg(i);
        ExpectNoMsg();
    }

    [Fact]
    public void Stashed_messages_survive_a_restart()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor)));
        gate.Tell(1);
        gate.Tell(2);
        gate.Tell("fail"); // restart: the stash goes back into the mailbox, the new instance stashes again
        gate.Tell("open");
        ExpectMsg(1);
        ExpectMsg(2);
    }
}
