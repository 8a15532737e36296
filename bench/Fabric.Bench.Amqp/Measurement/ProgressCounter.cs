namespace Fabric.Bench.Amqp.Measurement;

/// <summary>Counts units of work done by a scenario (deliveries, publishes, calls, declares, opens) so the runner can
/// fail a scenario that has stopped moving long before its hard time limit.</summary>
internal sealed class ProgressCounter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Tick() => Interlocked.Increment(ref _value);
}
