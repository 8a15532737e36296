using Fabric.Actors;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

/// <summary>
/// Loads what one actor instance recovers from, off the actor's thread: the snapshot, then the events after it in
/// chunks (deserialized here), then the highest stored sequence number. Everything reaches the actor as messages.
/// </summary>
internal sealed class RecoveryReader
{
    internal const int ChunkSize = 512;

    private readonly PersistentActor _owner;
    private readonly IActorRef _self;
    private readonly PersistenceExtension _persistence;
    private readonly string _persistenceId;
    private ReplayedEvent[] _chunk = new ReplayedEvent[ChunkSize];
    private int _count;
    private long _lastReplayed;

    internal RecoveryReader(PersistentActor owner, IActorRef self, PersistenceExtension persistence, string persistenceId)
    {
        _owner = owner;
        _self = self;
        _persistence = persistence;
        _persistenceId = persistenceId;
    }

    internal async Task RunAsync(Recovery recovery)
    {
        try
        {
            var from = 1L;
            var highest = 0L;
            if (recovery.FromSnapshot.MaxSequenceNr > 0)
            {
                var selected = await _persistence.Snapshots.LoadAsync(_persistenceId, recovery.FromSnapshot).ConfigureAwait(false);
                if (selected != null)
                {
                    object snapshot;
                    try
                    {
                        snapshot = _persistence.Serializers.FromBinary(selected.Manifest, selected.Payload);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException(
                            $"Snapshot {selected.Metadata.SequenceNr} of '{_persistenceId}' cannot be read: {e.Message}", e);
                    }
                    _self.Tell(new SnapshotLoaded(_owner, selected.Metadata, snapshot), null);
                    from = selected.Metadata.SequenceNr + 1;
                    highest = selected.Metadata.SequenceNr;
                }
            }

            if (recovery.ReplayMax > 0 && recovery.ToSequenceNr >= from)
                await _persistence.Journal.ReplayAsync(_persistenceId, from, recovery.ToSequenceNr, recovery.ReplayMax, OnEvent).ConfigureAwait(false);
            if (_count > 0) SendChunk();
            var stored = await _persistence.Journal.ReadHighestSequenceNrAsync(_persistenceId, from).ConfigureAwait(false);
            _self.Tell(new RecoveryFinished(_owner, Math.Max(Math.Max(highest, _lastReplayed), stored), null), null);
        }
        catch (Exception e)
        {
            _self.Tell(new RecoveryFinished(_owner, 0, e), null);
        }
    }

    private void OnEvent(PersistentRepresentation representation)
    {
        object payload;
        try
        {
            payload = _persistence.Serializers.FromBinary(representation.Manifest, representation.Payload);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"Event {representation.SequenceNr} of '{_persistenceId}' (manifest '{representation.Manifest}') cannot be read: {e.Message}", e);
        }
        _chunk[_count++] = new ReplayedEvent(representation.SequenceNr, payload);
        _lastReplayed = representation.SequenceNr;
        if (_count == ChunkSize) SendChunk();
    }

    private void SendChunk()
    {
        _self.Tell(new EventsReplayed(_owner, _chunk, _count), null);
        _chunk = new ReplayedEvent[ChunkSize];
        _count = 0;
    }
}
