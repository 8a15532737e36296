using Fabric.Bench.Amqp.Rpc;

namespace Fabric.Bench.Amqp.Tests;

public class ReplyWaiterTests
{
    [Fact]
    public async Task Only_the_reply_to_the_expected_call_completes_the_wait()
    {
        var waiter = new ReplyWaiter();
        var wait = waiter.Expect(2);
        waiter.Complete(1);
        Assert.False(wait.IsCompleted);
        waiter.Complete(2);
        await wait;

        var next = waiter.Expect(3);
        waiter.Complete(2); // a duplicate of the previous reply
        Assert.False(next.IsCompleted);
        waiter.Complete(3);
        await next;
    }

    [Fact]
    public async Task Fail_ends_the_pending_wait_and_every_later_one()
    {
        var waiter = new ReplyWaiter();
        var wait = waiter.Expect(1);
        waiter.Fail(new TimeoutException("limit"));
        await Assert.ThrowsAsync<TimeoutException>(async () => await wait);
        await Assert.ThrowsAsync<TimeoutException>(async () => await waiter.Expect(2));
    }
}
