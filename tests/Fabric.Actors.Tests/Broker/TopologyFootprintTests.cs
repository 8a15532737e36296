using Fabric.Broker.Routing;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Broker;

/// <summary>
/// Managed memory per idle queue and per-operation cost of declares and binds through the vhost (no sockets). The
/// memory bounds are generous locks against regressions; CPU figures are printed, not asserted (loaded machines).
/// </summary>
[Collection(FootprintCollection.Name)]
public sealed class TopologyFootprintTests(ITestOutputHelper output) : BrokerTestBase
{
    private const int Queues = 10_000;

    [Fact]
    public async Task An_idle_queue_holds_under_2_KB_of_managed_memory()
    {
        // Warm up: JIT and first-use allocations of the vhost's dictionaries are not per queue.
        for (var i = 0; i < 200; i++) await DeclareQueue("warm." + i);
        var names = new string[Queues];
        for (var i = 0; i < Queues; i++) names[i] = "idle." + i;
        var footprint = await HeapFootprint.MeasureAsync(Queues, i => DeclareQueue(names[i]));
        output.WriteLine($"queue.declare: {footprint.HeldPerItem:F0} managed bytes per idle queue, " +
                         $"{footprint.CpuPerItem.TotalMicroseconds:F1} µs CPU and {footprint.WallPerItem.TotalMicroseconds:F1} µs wall per declare");
        Assert.Equal(Queues + 200, CountQueues());
        Assert.True(footprint.HeldPerItem < 2048, $"{footprint.HeldPerItem:F0} bytes per idle queue");
    }

    [Fact]
    public async Task Topic_binds_cost_little_with_ten_thousand_bindings()
    {
        await DeclareExchange("topic.cost", ExchangeType.Topic);
        for (var q = 0; q < 100; q++) await DeclareQueue("tq." + q);
        const int binds = 10_000;
        for (var b = 0; b < 500; b++) await Bind("tq." + (b % 100), "topic.cost", $"w.{b}.*");
        var footprint = await HeapFootprint.MeasureAsync(binds,
            b => Bind("tq." + (b % 100), "topic.cost", b % 2 == 0 ? $"t.{b}.*" : $"t.{b}.#"));
        output.WriteLine($"queue.bind (topic, 10k): {footprint.CpuPerItem.TotalMicroseconds:F1} µs CPU, " +
                         $"{footprint.WallPerItem.TotalMicroseconds:F1} µs wall, {footprint.AllocatedPerItem} bytes allocated per bind");
        Assert.Equal(binds + 500, VHost.FindExchange("topic.cost")!.Snapshot.Table.Count);
        var context = new RoutingContext();
        Assert.Equal(["tq.7"], VHost.Route("topic.cost", "t.9907.x", null, context));
    }

    private int CountQueues()
    {
        var count = 0;
        foreach (var _ in VHost.State.Queues) count++;
        return count;
    }
}
