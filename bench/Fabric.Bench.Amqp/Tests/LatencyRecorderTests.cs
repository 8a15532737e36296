using System.Diagnostics;
using Fabric.Bench.Amqp.Measurement;

namespace Fabric.Bench.Amqp.Tests;

public class LatencyRecorderTests
{
    [Fact]
    public void Percentiles_use_nearest_rank_over_all_recorders()
    {
        var a = new LatencyRecorder(100);
        var b = new LatencyRecorder(100);
        long microsecond = Stopwatch.Frequency / 1_000_000;
        for (int i = 1; i <= 100; i++) (i % 2 == 0 ? a : b).Record(i * microsecond);

        double[] p = LatencyRecorder.PercentilesMicros([a, b], 50, 99, 100);

        Assert.Equal(50, p[0], 3);
        Assert.Equal(99, p[1], 3);
        Assert.Equal(100, p[2], 3);
    }

    [Fact]
    public void Samples_beyond_capacity_are_dropped_not_thrown()
    {
        var r = new LatencyRecorder(2);
        r.Record(1);
        r.Record(2);
        r.Record(3);
        Assert.Equal(2, r.Count);
    }

    [Theory]
    [InlineData(1, 50, 0)]
    [InlineData(10, 50, 4)]
    [InlineData(10, 99, 9)]
    [InlineData(1000, 99, 989)]
    public void Rank(int n, double p, int expected) => Assert.Equal(expected, LatencyRecorder.Rank(n, p));
}
