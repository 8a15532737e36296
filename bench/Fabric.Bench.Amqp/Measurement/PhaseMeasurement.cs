namespace Fabric.Bench.Amqp.Measurement;

/// <summary>What one measured phase cost: wall time, broker CPU seconds (null when not measured) and broker RSS.</summary>
internal sealed record PhaseMeasurement(double Seconds, double? CpuSeconds, long? RssBeforeBytes, long? RssAfterBytes, long? RssPeakBytes);
