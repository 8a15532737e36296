namespace Fabric.Bench.Amqp.Results;

/// <summary>The outcome of one scenario against one broker: its figures, or the reason it failed.</summary>
internal sealed record ScenarioResult(string Name, bool Ok, string? Error, double Seconds, IReadOnlyList<Figure> Figures);
