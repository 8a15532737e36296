using Fabric.Node.Memory;
using Xunit;

namespace Fabric.Node.Tests.Memory;

public sealed class HeapReclaimPolicyTests
{
    private const long MB = 1024 * 1024;

    [Fact]
    public void A_busy_node_is_never_collected_whatever_its_heap()
    {
        var policy = new HeapReclaimPolicy();
        long allocated = 0;
        for (int check = 0; check < 5; check++)
        {
            allocated += HeapReclaimPolicy.QuietAllocation + MB;
            Assert.False(policy.ShouldReclaim(allocated, heap: 4096 * MB, committed: 8192 * MB));
        }
    }

    [Fact]
    public void A_quiet_node_with_a_grown_heap_is_collected_once_then_measured_from_what_stayed_live()
    {
        var policy = new HeapReclaimPolicy();
        Assert.True(policy.ShouldReclaim(allocated: MB, heap: 1000 * MB, committed: 1100 * MB));
        policy.Reclaimed(heapAfter: 300 * MB);

        // Still 300 MB live (queued messages): no collection every interval.
        Assert.False(policy.ShouldReclaim(allocated: 2 * MB, heap: 300 * MB, committed: 400 * MB));
        Assert.False(policy.ShouldReclaim(allocated: 3 * MB, heap: 600 * MB, committed: 700 * MB));
        // Grown past twice that (and the margin) while quiet again: collected.
        Assert.True(policy.ShouldReclaim(allocated: 4 * MB, heap: 700 * MB, committed: 800 * MB));
    }

    [Fact]
    public void A_quiet_node_whose_collector_keeps_far_more_committed_than_the_heap_gives_it_back()
    {
        var policy = new HeapReclaimPolicy();
        policy.Reclaimed(heapAfter: 20 * MB);
        Assert.False(policy.ShouldReclaim(allocated: MB, heap: 20 * MB, committed: 90 * MB));
        Assert.True(policy.ShouldReclaim(allocated: 2 * MB, heap: 20 * MB, committed: 1100 * MB));
    }

    [Fact]
    public void A_small_quiet_node_is_left_alone()
    {
        var policy = new HeapReclaimPolicy();
        Assert.False(policy.ShouldReclaim(allocated: MB, heap: 40 * MB, committed: 100 * MB));
    }

    [Fact]
    public void Quiet_means_little_allocated_since_the_previous_check_not_since_the_start()
    {
        var policy = new HeapReclaimPolicy();
        Assert.False(policy.ShouldReclaim(allocated: 10_000 * MB, heap: 1000 * MB, committed: 1100 * MB));
        Assert.True(policy.ShouldReclaim(allocated: 10_001 * MB, heap: 1000 * MB, committed: 1100 * MB));
    }
}
