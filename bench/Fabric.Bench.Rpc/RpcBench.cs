using System.Diagnostics;
using Fabric.Rpc;
using Fabric.Rpc.Client;

namespace Fabric.Bench.Rpc;

/// <summary>Latency of sequential calls (p50/p99) and throughput of concurrent callers, through one client.</summary>
internal static class RpcBench
{
    public static async Task RunAsync(RpcClient client, BenchOptions options)
    {
        for (int i = 0; i < options.Warmup; i++)
        {
            await client.CallAsync<int>(RpcContext.Empty, "echo", new { value = i });
        }

        var samples = new double[options.Calls];
        for (int i = 0; i < samples.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await client.CallAsync<int>(RpcContext.Empty, "echo", new { value = i });
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        Console.WriteLine($"latency: {options.Calls} sequential calls p50={Percentile(samples, 0.50):F3} ms p99={Percentile(samples, 0.99):F3} ms");

        long completed = 0;
        var cpu = ProcessCpu.Self();
        var brokerCpu = ProcessCpu.Of(options.BrokerPid);
        var stop = Stopwatch.StartNew();
        var workers = new Task[options.Callers];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (stop.Elapsed < options.Duration)
                {
                    await client.CallAsync<int>(RpcContext.Empty, "echo", new { value = 1 });
                    Interlocked.Increment(ref completed);
                }
            });
        }

        await Task.WhenAll(workers);
        double seconds = stop.Elapsed.TotalSeconds;
        double calls = Math.Max(1, completed);
        double clientCpu = (ProcessCpu.Self() - cpu).TotalMicroseconds / calls;
        string broker = options.BrokerPid is null ? "" : $", broker {(ProcessCpu.Of(options.BrokerPid) - brokerCpu).TotalMicroseconds / calls:F0} µs";
        Console.WriteLine($"throughput: {options.Callers} concurrent callers {completed / seconds:F0} calls/s ({completed} calls in {seconds:F1} s)");
        Console.WriteLine($"cpu per call: bench process {clientCpu:F0} µs{broker}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
