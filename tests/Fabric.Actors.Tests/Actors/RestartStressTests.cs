namespace Fabric.Actors.Tests.Actors;

using System.Runtime.CompilerServices;
using Fabric.TestKit;
using Xunit;

public sealed class RestartStressTests : TestKit
{
    /// <summary>Counts every message it handles; throws on multiples of 10 (restarted each time).</summary>
    private sealed class Brittle(StrongBox<long> handled, StrongBox<long> restarts) : UntypedActor
    {
        protected override void PostRestart(Exception reason) => Interlocked.Increment(ref restarts.Value);

        protected override void OnReceive(object message)
        {
            var value = (int)message;
            if (value % 10 == 0) throw new InvalidOperationException("every tenth");
            Interlocked.Increment(ref handled.Value);
        }
    }

    [Fact]
    public void Every_message_is_handled_or_fails_exactly_once_across_many_restarts()
    {
        const int actors = 50;
        const int perActor = 1_000;
        var handled = new StrongBox<long>();
        var restarts = new StrongBox<long>();
        var targets = new IActorRef[actors];
        for (var i = 0; i < actors; i++) targets[i] = Sys.ActorOf(Props.Create(() => new Brittle(handled, restarts)));
        var threads = new Thread[2];
        for (var t = 0; t < threads.Length; t++)
        {
            var offset = t;
            threads[t] = new Thread(() =>
            {
                for (var m = 1 + offset; m <= perActor; m += 2)
                    foreach (var target in targets) target.Tell(m, ActorRefs.NoSender);
            });
            threads[t].Start();
        }
        foreach (var thread in threads) thread.Join();
        const long failing = actors * (perActor / 10);
        AwaitCondition(() => Interlocked.Read(ref handled.Value) == (long)actors * perActor - failing
                             && Interlocked.Read(ref restarts.Value) == failing,
            TimeSpan.FromSeconds(30),
            message: "not all messages were handled");
        Assert.Equal((long)actors * perActor - failing, Interlocked.Read(ref handled.Value));
    }
}
