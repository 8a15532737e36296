using System.Diagnostics;
using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Options;
using Fabric.Bench.Amqp.Results;
using RabbitMQ.Client.Exceptions;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>Runs one scenario under its hard timeout and turns any failure into a failed result (the run goes on).</summary>
internal static class ScenarioRunner
{
    // A scenario ignoring its cancellation gets this much longer before it is abandoned.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CleanupLimit = TimeSpan.FromSeconds(15);

    public static async Task<ScenarioResult> RunAsync(IScenario scenario, BenchOptions options, BrokerProcess broker)
    {
        Console.WriteLine($"== {scenario.Name}");
        using var cts = new CancellationTokenSource(options.Timeout);
        var context = new ScenarioContext(options, broker, cts.Token);
        using var watchdog = new StallWatchdog(context.Progress, cts, options.StallLimit);
        long started = Stopwatch.GetTimestamp();
        ScenarioResult result;
        try
        {
            await scenario.RunAsync(context).WaitAsync(options.Timeout + Grace);
            result = new ScenarioResult(scenario.Name, true, null, Stopwatch.GetElapsedTime(started).TotalSeconds, [.. context.Figures]);
        }
        catch (Exception e)
        {
            string error = !cts.IsCancellationRequested || e is not (OperationCanceledException or TimeoutException) ? Describe(e)
                : watchdog.Stalled ? $"stalled: no progress for {options.StallLimit.TotalSeconds:N0} s ({e.Message})"
                : $"timed out after {options.Timeout.TotalSeconds:N0} s ({e.Message})";
            result = new ScenarioResult(scenario.Name, false, error, Stopwatch.GetElapsedTime(started).TotalSeconds, [.. context.Figures]);
        }
        try
        {
            await context.DisposeAsync().AsTask().WaitAsync(CleanupLimit);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"  {scenario.Name}: connections did not close within {CleanupLimit.TotalSeconds:N0} s");
        }
        Print(result);
        return result;
    }

    private static string Describe(Exception e)
    {
        string text = $"{e.GetType().Name}: {e.Message}";
        if (e is BrokerUnreachableException && e.InnerException is { } inner) text += $" ({inner.GetType().Name}: {inner.Message})";
        return text.ReplaceLineEndings(" ");
    }

    private static void Print(ScenarioResult result)
    {
        foreach (var f in result.Figures)
            Console.WriteLine($"   {f.Label,-34} {FigureFormat.Value(f.Value),14} {f.Unit}");
        Console.WriteLine(result.Ok ? $"   ok in {result.Seconds:F1} s" : $"   FAILED after {result.Seconds:F1} s: {result.Error}");
    }
}
