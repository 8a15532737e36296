namespace Fabric.Bench.Kernel;

/// <summary>One row of the result table.</summary>
internal sealed record BenchResult(string Name, long Messages, TimeSpan Elapsed, double BytesPerMessage)
{
    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    public static void PrintTable(IReadOnlyList<BenchResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"benchmark",-34} {"messages",12} {"seconds",8} {"msgs/s",14} {"bytes/msg",10}");
        Console.WriteLine(new string('-', 82));
        foreach (var r in results)
            Console.WriteLine($"{r.Name,-34} {r.Messages,12:N0} {r.Elapsed.TotalSeconds,8:F2} {r.MessagesPerSecond,14:N0} {r.BytesPerMessage,10:F2}");
        Console.WriteLine($"(cores: {Environment.ProcessorCount}, server GC: {System.Runtime.GCSettings.IsServerGC})");
    }
}
