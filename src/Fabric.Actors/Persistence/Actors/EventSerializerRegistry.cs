using System.Collections.Concurrent;

namespace Fabric.Persistence.Actors;

/// <summary>
/// Which <see cref="IEventSerializer"/> writes a type and which reads a manifest. Filled before the actor system
/// starts persisting, then only read (thread-safe). A type without its own serializer uses the one of its nearest
/// registered base type.
/// </summary>
public sealed class EventSerializerRegistry
{
    private readonly Dictionary<Type, IEventSerializer> _byType = new();
    private readonly Dictionary<string, IEventSerializer> _byManifest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, IEventSerializer?> _resolved = new();

    public EventSerializerRegistry Add(IEventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        foreach (var type in serializer.Types)
        {
            if (!_byType.TryAdd(type, serializer))
                throw new ArgumentException($"Type {type} already has a serializer ({_byType[type].GetType().Name}).", nameof(serializer));
        }
        foreach (var manifest in serializer.Manifests)
        {
            if (!_byManifest.TryAdd(manifest, serializer))
                throw new ArgumentException($"Manifest '{manifest}' is already read by {_byManifest[manifest].GetType().Name}.", nameof(serializer));
        }
        _resolved.Clear();
        return this;
    }

    /// <summary>The serializer for the value's type; throws when there is none.</summary>
    public IEventSerializer For(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        if (_byType.TryGetValue(type, out var serializer)) return serializer;
        return _resolved.GetOrAdd(type, FindForBaseType, _byType)
               ?? throw new InvalidOperationException($"No event serializer is registered for {type}.");
    }

    public bool CanRead(string manifest) => _byManifest.ContainsKey(manifest);

    /// <summary>Serializes: (manifest, bytes).</summary>
    public byte[] ToBinary(object value, out string manifest)
    {
        var serializer = For(value);
        manifest = serializer.ManifestOf(value);
        return serializer.ToBinary(value);
    }

    public object FromBinary(string manifest, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!_byManifest.TryGetValue(manifest, out var serializer))
            throw new InvalidOperationException($"No event serializer reads manifest '{manifest}'.");
        return serializer.FromBinary(manifest, bytes);
    }

    private static IEventSerializer? FindForBaseType(Type type, Dictionary<Type, IEventSerializer> byType)
    {
        for (var t = type.BaseType; t != null; t = t.BaseType)
            if (byType.TryGetValue(t, out var serializer)) return serializer;
        foreach (var i in type.GetInterfaces())
            if (byType.TryGetValue(i, out var serializer)) return serializer;
        return null;
    }
}
