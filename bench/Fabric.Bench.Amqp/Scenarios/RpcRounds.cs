using Fabric.Bench.Amqp.Measurement;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>The rounds of an RPC scenario: an unmeasured warm-up (a tenth of the calls, at least 100 per caller), then
/// the measured round; adds calls/s, call latency p50/p99, broker CPU per call and RSS.</summary>
internal static class RpcRounds
{
    /// <param name="round">Runs every caller for the given calls each, recording into the latencies (null: warm-up).</param>
    public static async Task RunAsync(ScenarioContext context, int callers, int callsPerCaller,
        Func<int, LatencyRecorder[]?, Task> round)
    {
        await round(Math.Max(100, callsPerCaller / 10), null);

        var latencies = new LatencyRecorder[callers];
        for (int i = 0; i < callers; i++) latencies[i] = new LatencyRecorder(callsPerCaller);
        using var meter = context.Measure();
        await round(callsPerCaller, latencies);
        var phase = meter.Stop();

        long calls = (long)callers * callsPerCaller;
        double[] p = LatencyRecorder.PercentilesMicros(latencies, 50, 99);
        context.Add("throughput", "throughput", calls / phase.Seconds, "calls/s", higherIsBetter: true);
        context.Add("p50", "call latency p50", p[0], "µs", higherIsBetter: false);
        context.Add("p99", "call latency p99", p[1], "µs", higherIsBetter: false);
        context.AddCpuPerOp(phase, calls, "call", "cpu");
        context.AddRss(phase);
    }
}
