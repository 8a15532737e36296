namespace Fabric.Actors.Tests.Actors;

using Fabric.TestKit;
using Xunit;
using static Fabric.Actors.Tests.Actors.TestActors;

/// <summary>The test kit's own contract: expectations pass on the right message and fail clearly otherwise.</summary>
public sealed class TestKitTests : TestKit
{
    [Fact]
    public void ExpectMsg_fails_on_a_wrong_type_or_value_and_on_timeout()
    {
        TestActor.Tell("text");
        var wrongType = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<int>());
        Assert.Contains("Int32", wrongType.Message);
        TestActor.Tell("a");
        Assert.Throws<TestKitAssertionException>(() => ExpectMsg("b"));
        var timeout = Assert.Throws<TestKitAssertionException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Timeout", timeout.Message);
    }

    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        TestActor.Tell("unexpected");
        Assert.Throws<TestKitAssertionException>(() => ExpectNoMsg());
    }

    [Fact]
    public void Within_bounds_nested_expectations_and_checks_the_duration()
    {
        var started = DateTime.UtcNow;
        Assert.Throws<TestKitAssertionException>(() => Within(TimeSpan.FromMilliseconds(200), () => ExpectMsg<string>(TimeSpan.FromSeconds(30))));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the inner 30 s wait was not cut short by Within");
        Assert.Throws<TestKitAssertionException>(() => Within(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), () => { }));
        Within(TimeSpan.FromSeconds(10), () =>
        {
            TestActor.Tell(1);
            ExpectMsg(1);
        });
    }

    [Fact]
    public void Probe_reply_forward_and_last_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>());
        var probe = CreateTestProbe();
        probe.Send(echo, "hello");
        probe.ExpectMsg("hello");
        Assert.Equal(echo, probe.LastSender);

        var other = CreateTestProbe();
        probe.Send(other, "question");
        other.ExpectMsg("question");
        other.Reply("answer");
        probe.ExpectMsg("answer");
        Assert.Equal(other, probe.LastSender);

        other.Forward(TestActor);
        ExpectMsg("question");
        Assert.Equal(probe, LastSender); // forwarded with the original sender
    }

    [Fact]
    public void FishForMessage_and_ReceiveN_skip_and_collect()
    {
        for (var i = 0; i < 5; i++) TestActor.Tell(i);
        Assert.Equal(2, FishForMessage<int>(i => i == 2));
        Assert.Equal(new object[] { 3, 4 }, ReceiveN(2));
        Assert.Null(ReceiveOne(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task Async_expectations_work()
    {
        TestActor.Tell("x", ActorRefs.NoSender);
        Assert.Equal("x", await ExpectMsgAsync<string>());
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<TestKitAssertionException>(() => ExpectMsgAsync<string>(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void AwaitCondition_waits_and_fails_with_the_message()
    {
        var flag = 0;
        Sys.Scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(50), () => Volatile.Write(ref flag, 1));
        AwaitCondition(() => Volatile.Read(ref flag) == 1);
        var failure = Assert.Throws<TestKitAssertionException>(() =>
            AwaitCondition(() => false, TimeSpan.FromMilliseconds(100), message: "never true"));
        Assert.Equal("never true", failure.Message);
    }

    [Fact]
    public void Dilated_scales_by_the_time_factor()
    {
        var settings = new TestKitSettings { TimeFactor = 2.5 };
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Dilated(TimeSpan.FromSeconds(2)));
    }
}
