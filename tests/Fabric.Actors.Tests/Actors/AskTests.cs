namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;
using static Fabric.Actors.Tests.Actors.TestActors;

public sealed class AskTests : TestKit
{
    private sealed class Replier : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case "fail":
                    Sender.Tell(new Status.Failure(new InvalidOperationException("nope")));
                    break;
                case "silent":
                    break;
                default:
                    Sender.Tell("re:" + message);
                    break;
            }
        }
    }

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        Assert.Equal("re:hi", await actor.Ask<string>("hi", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Ask_without_a_reply_times_out()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        await Assert.ThrowsAsync<AskTimeoutException>(() => actor.Ask("silent", TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Ask_is_cancellable()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        using var cts = new CancellationTokenSource();
        var ask = actor.Ask("silent", TimeSpan.FromMinutes(1), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_with_a_Status_Failure_reply_faults()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask("fail", TimeSpan.FromSeconds(10)));
        Assert.Equal("nope", ex.Message);
    }

    [Fact]
    public async Task Ask_of_the_wrong_reply_type_throws_InvalidCast()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        await Assert.ThrowsAsync<InvalidCastException>(() => actor.Ask<int>("x", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task PipeTo_sends_the_result_or_a_failure()
    {
        var probe = CreateTestProbe();
        var sender = CreateTestProbe();
        await Task.FromResult(42).PipeTo(probe, sender);
        Assert.Equal(42, await probe.ExpectMsgAsync<int>());
        Assert.Equal(sender, probe.LastSender);

        await Task.FromException<int>(new InvalidOperationException("bad")).PipeTo(probe);
        Assert.Equal("bad", (await probe.ExpectMsgAsync<Status.Failure>()).Cause.Message);

        await Task.FromResult(1).PipeTo(probe, success: i => "mapped:" + i);
        await probe.ExpectMsgAsync("mapped:1");
    }

    [Fact]
    public async Task Many_concurrent_asks_each_get_their_own_reply()
    {
        var actor = Sys.ActorOf(Props.Create<Echo>());
        var asks = new Task<int>[500];
        for (var i = 0; i < asks.Length; i++) asks[i] = actor.Ask<int>(i, TimeSpan.FromSeconds(20));
        var replies = await Task.WhenAll(asks);
        for (var i = 0; i < replies.Length; i++) Assert.Equal(i, replies[i]);
    }
}
