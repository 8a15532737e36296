using System.Diagnostics;
using Fabric.Rpc;
using Fabric.Rpc.Client;

namespace NovaDemo;

/// <summary>RPC latency (sequential calls) and throughput (16 concurrent callers) against one compute host.</summary>
internal static class Bench
{
    public static async Task RunAsync(RpcClient client, int sequentialCalls, TimeSpan duration, int callers)
    {
        var target = client.Prepare(server: "compute1");
        for (int i = 0; i < 200; i++)
        {
            await target.CallAsync<int>(RpcContext.Empty, "echo", new { value = i });
        }

        var samples = new double[sequentialCalls];
        for (int i = 0; i < samples.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await target.CallAsync<int>(RpcContext.Empty, "echo", new { value = i });
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        Console.WriteLine($"latency: {sequentialCalls} sequential calls p50={Percentile(samples, 0.50):F3} ms p99={Percentile(samples, 0.99):F3} ms");

        long completed = 0;
        var stop = Stopwatch.StartNew();
        var workers = new Task[callers];
        for (int w = 0; w < callers; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (stop.Elapsed < duration)
                {
                    await target.CallAsync<int>(RpcContext.Empty, "echo", new { value = 1 });
                    Interlocked.Increment(ref completed);
                }
            });
        }

        await Task.WhenAll(workers);
        Console.WriteLine($"throughput: {callers} concurrent callers {completed / stop.Elapsed.TotalSeconds:F0} calls/s ({completed} calls in {stop.Elapsed.TotalSeconds:F1} s)");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
