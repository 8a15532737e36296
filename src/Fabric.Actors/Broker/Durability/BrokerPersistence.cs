using Fabric.Actors;
using Fabric.Broker.Security.Events;
using Fabric.Configuration;
using Fabric.Persistence.Actors;

namespace Fabric.Broker.Durability;

/// <summary>The broker's use of the system's persistence: registered by whoever came first, else opened here.</summary>
internal static class BrokerPersistence
{
    public static EventSerializerRegistry Serializers() => new EventSerializerRegistry().Add(BrokerEventSerializer.Instance).Add(SecurityEventSerializer.Instance);

    /// <summary>The system's registered persistence, or the store <paramref name="settings"/> names, opened and owned.</summary>
    public static async Task<PersistenceExtension> OpenAsync(ActorSystem system, PersistenceSettings settings,
        CancellationToken ct)
    {
        PersistenceExtension persistence;
        try
        {
            persistence = PersistenceExtension.For(system);
        }
        catch (InvalidOperationException)
        {
            return await PersistenceExtension.OpenAsync(system, settings, Serializers(), ct).ConfigureAwait(false);
        }
        if (!persistence.Serializers.CanRead(BrokerEventSerializer.Instance.Manifests[0])
            || !persistence.Serializers.CanRead(SecurityEventSerializer.Instance.Manifests[0]))
            throw new InvalidOperationException(
                $"The persistence registered for {system} cannot read broker events: add BrokerEventSerializer.Instance and SecurityEventSerializer.Instance to its serializers (BrokerPersistence.Serializers()).");
        return persistence;
    }
}
