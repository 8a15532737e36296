namespace Fabric.Bench.Amqp.Results;

/// <summary>One measured number of a scenario. <see cref="HigherIsBetter"/> gives the direction of the comparison.</summary>
internal sealed record Figure(string Key, string Label, double Value, string Unit, bool HigherIsBetter);
