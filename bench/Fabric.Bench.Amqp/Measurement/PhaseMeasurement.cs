namespace Fabric.Bench.Amqp.Measurement;

/// <summary>What one measured phase cost: wall time, broker CPU seconds and RSS (null when the broker is not measured),
/// and the harness's own CPU seconds (to show when the client, not the broker, is the limit).</summary>
internal sealed record PhaseMeasurement(double Seconds, double? CpuSeconds, long? RssBeforeBytes, long? RssAfterBytes, long? RssPeakBytes,
    double ClientCpuSeconds);
