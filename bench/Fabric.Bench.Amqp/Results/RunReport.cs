namespace Fabric.Bench.Amqp.Results;

/// <summary>Everything one harness run measured against one broker; written as JSON with --json.</summary>
internal sealed record RunReport(string Label, string Url, int Pid, long ClockTicksPerSecond, DateTimeOffset StartedUtc,
    MachineInfo Machine, IReadOnlyList<ScenarioResult> Scenarios);
