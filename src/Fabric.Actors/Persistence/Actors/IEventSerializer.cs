namespace Fabric.Persistence.Actors;

/// <summary>
/// Turns events and snapshots of some CLR types into bytes and back. The manifest stored beside the bytes names the
/// format (and its version): a serializer can keep reading old manifests after it starts writing a new one.
/// Implementations are called from actors and from replay threads at once: they must be thread-safe.
/// </summary>
public interface IEventSerializer
{
    /// <summary>The exact types this serializer writes.</summary>
    IReadOnlyList<Type> Types { get; }

    /// <summary>Every manifest this serializer reads (the ones it writes and older ones).</summary>
    IReadOnlyList<string> Manifests { get; }

    /// <summary>The manifest to store with <paramref name="value"/> (one of <see cref="Manifests"/>).</summary>
    string ManifestOf(object value);

    byte[] ToBinary(object value);

    /// <summary>Reads a value; it may keep slices of <paramref name="bytes"/> (the buffer is not reused).</summary>
    object FromBinary(string manifest, ReadOnlyMemory<byte> bytes);
}
