namespace Fabric.Bench.Amqp.Results;

/// <summary>Everything one harness run measured against one broker; written as JSON with --json. The 1-minute load
/// averages at start and end tell how busy the machine was with other work.</summary>
internal sealed record RunReport(string Label, string Url, int Pid, long ClockTicksPerSecond, DateTimeOffset StartedUtc,
    MachineInfo Machine, IReadOnlyList<ScenarioResult> Scenarios, double LoadAverageStart = double.NaN, double LoadAverageEnd = double.NaN);
