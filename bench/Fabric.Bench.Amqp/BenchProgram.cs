using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Options;
using Fabric.Bench.Amqp.Recovery;
using Fabric.Bench.Amqp.Results;
using Fabric.Bench.Amqp.Scenarios;

namespace Fabric.Bench.Amqp;

/// <summary>The harness's main: run scenarios against one broker, probe a restarted broker, or print the comparison.
/// Exit codes: 0 all ok, 1 some scenario failed, 2 bad arguments.</summary>
internal static class BenchProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args, out string? error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"fabric-bench: {error}\n{BenchOptions.Usage}");
            return 2;
        }
        switch (options.Mode)
        {
            case BenchMode.Help:
                Console.WriteLine(BenchOptions.Usage);
                return 0;
            case BenchMode.Compare:
                return Compare(options);
            case BenchMode.WaitReady:
                return await WaitReadyAsync(options);
        }

        var scenarios = ScenarioCatalog.Resolve(options, out error);
        if (scenarios is null)
        {
            await Console.Error.WriteLineAsync($"fabric-bench: {error}");
            return 2;
        }
        var broker = BrokerProcess.Create(options.Pid);
        var started = DateTimeOffset.UtcNow;
        double loadAtStart = MachineInfo.LoadAverage();
        Console.WriteLine($"fabric-bench: {options.Label} at {Redacted(options.Url)}, broker pid {(broker.IsMeasured ? broker.Pid : "not given")}, CLK_TCK {broker.ClockTicksPerSecond}");
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
            results.Add(await ScenarioRunner.RunAsync(scenario, options, broker));
        Write(options, new RunReport(options.Label, Redacted(options.Url), options.Pid, broker.ClockTicksPerSecond, started, MachineInfo.Current(), results,
            loadAtStart, MachineInfo.LoadAverage()));
        return results.TrueForAll(r => r.Ok) ? 0 : 1;
    }

    private static int Compare(BenchOptions options)
    {
        Console.Write(ComparisonTable.Render(ReadAll(options.RabbitMqFiles), ReadAll(options.FabricFiles)));
        return 0;
    }

    private static async Task<int> WaitReadyAsync(BenchOptions options)
    {
        var result = await ReadinessProbe.RunAsync(options);
        foreach (var f in result.Figures) Console.WriteLine($"   {f.Label,-34} {FigureFormat.Value(f.Value),14} {f.Unit}");
        if (!result.Ok) Console.WriteLine($"   recovery FAILED: {result.Error}");
        var broker = BrokerProcess.Create(options.Pid);
        Write(options, new RunReport(options.Label, Redacted(options.Url), options.Pid, broker.ClockTicksPerSecond, DateTimeOffset.UtcNow, MachineInfo.Current(), [result]));
        return result.Ok ? 0 : 1;
    }

    private static List<RunReport> ReadAll(IReadOnlyList<string> paths)
    {
        var reports = new List<RunReport>();
        foreach (string path in paths)
        {
            if (File.Exists(path)) reports.Add(ReportJson.Read(path));
            else Console.Error.WriteLine($"fabric-bench: {path} not found (its broker shows as not run)");
        }
        return reports;
    }

    private static void Write(BenchOptions options, RunReport report)
    {
        if (options.JsonPath is null) return;
        ReportJson.Write(options.JsonPath, report);
        Console.WriteLine($"fabric-bench: wrote {options.JsonPath}");
    }

    private static string Redacted(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0) return url;
        return url.Replace(uri.UserInfo + "@", uri.UserInfo.Split(':')[0] + ":***@", StringComparison.Ordinal);
    }
}
