using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Xunit;

namespace Fabric.Actors.Tests.Durability;

/// <summary>Confirms held for a journal write leave as one message per connection, in runs of sequence numbers.</summary>
public sealed class PendingConfirmsTests : IAsyncLifetime
{
    private readonly TestKit.TestKit _kit = new(systemName: "pending-confirms");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public void Each_connection_gets_one_message_with_runs_per_channel_in_order()
    {
        var a = _kit.CreateTestProbe();
        var b = _kit.CreateTestProbe();
        var pending = new PendingConfirms();
        for (ulong seq = 1; seq <= 100; seq++) pending.Add(a, 1, seq);
        pending.Add(b, 3, 7);
        pending.Add(a, 2, 5);
        pending.Add(a, 1, 102); // 101 went to another queue
        pending.Add(b, 3, 8);
        Assert.Equal(104, pending.Count);

        pending.SendAll(_kit.TestActor);

        Assert.Equal(0, pending.Count);
        Assert.Equal(
            [new ConfirmRun(1, 1, 100), new ConfirmRun(2, 5, 5), new ConfirmRun(1, 102, 102)],
            a.ExpectMsg<QueuePublishConfirmedRuns>().Runs);
        Assert.Equal([new ConfirmRun(3, 7, 8)], b.ExpectMsg<QueuePublishConfirmedRuns>().Runs);
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(50));

        // Reused for the next write.
        pending.Add(b, 3, 9);
        pending.SendAll(_kit.TestActor);
        Assert.Equal([new ConfirmRun(3, 9, 9)], b.ExpectMsg<QueuePublishConfirmedRuns>().Runs);
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_publisher_that_did_not_ask_for_runs_gets_one_confirm_per_publish()
    {
        var a = _kit.CreateTestProbe();
        var pending = new PendingConfirms();
        for (ulong seq = 1; seq <= 3; seq++) pending.Add(a, 2, seq, inRuns: false);

        pending.SendAll(_kit.TestActor);

        for (ulong seq = 1; seq <= 3; seq++) Assert.Equal(new QueuePublishConfirmed(2, seq, true), a.ExpectMsg<QueuePublishConfirmed>());
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Replies_waiting_for_the_same_write_follow_its_confirms()
    {
        var a = _kit.CreateTestProbe();
        var pending = new PendingConfirms();
        pending.Add(a, 1, 1);
        pending.AddReply(a, 42u);
        pending.Add(a, 1, 2);

        pending.SendAll(_kit.TestActor);

        Assert.Equal([new ConfirmRun(1, 1, 2)], a.ExpectMsg<QueuePublishConfirmedRuns>().Runs);
        Assert.Equal(42u, a.ExpectMsg<uint>());
        pending.SendAll(_kit.TestActor);
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }
}
