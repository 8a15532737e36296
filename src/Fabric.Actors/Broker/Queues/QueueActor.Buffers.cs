using Fabric.Broker.Buffers;

namespace Fabric.Broker.Queues;

internal sealed partial class QueueActor
{
    /// <summary>The idle sweep: the engine's storage and the held deliveries give back what a burst grew.</summary>
    private void OnTrimBuffers()
    {
        _engine.TrimExcess();
        _effects.TrimExcess();
        TrimConsumerChannels();
    }
}
