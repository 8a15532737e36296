using Fabric.Persistence.Actors;

namespace Fabric.Broker.Durability;

/// <summary>Decoding of stored broker events with errors that say which event of which entity is bad.</summary>
internal static class StoredEvents
{
    public static object Decode(EventSerializerRegistry serializers, string persistenceId, long sequenceNr, string manifest,
        byte[] payload)
    {
        try
        {
            return serializers.FromBinary(manifest, payload);
        }
        catch (Exception e) when (e is EventFormatException or InvalidOperationException or ArgumentException
                                      or KeyNotFoundException)
        {
            throw new EventFormatException($"{persistenceId}, sequence number {sequenceNr} ({manifest}): {e.Message}");
        }
    }
}
