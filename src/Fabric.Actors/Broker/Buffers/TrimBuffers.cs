namespace Fabric.Broker.Buffers;

/// <summary>
/// The broker's idle sweep → every queue and connection actor: shrink the storage a burst grew and no longer fills
/// (see <see cref="SpareCapacity"/>).
/// </summary>
internal sealed class TrimBuffers
{
    public static readonly TrimBuffers Instance = new();

    private TrimBuffers() { }
}
