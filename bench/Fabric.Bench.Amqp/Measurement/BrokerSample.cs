namespace Fabric.Bench.Amqp.Measurement;

/// <summary>The broker process's accumulated CPU time (user + system) and resident memory at one instant.</summary>
internal readonly record struct BrokerSample(double CpuSeconds, long RssBytes);
