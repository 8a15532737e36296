using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

/// <summary>What the <see cref="RecoveryReader"/> tells the recovering actor instance (others ignore it).</summary>
internal abstract record RecoveryMessage(PersistentActor Owner);

/// <summary>Told by the actor to itself from its constructor: recovery starts when this is processed.</summary>
internal sealed record RecoveryStart(PersistentActor Owner) : RecoveryMessage(Owner);

internal sealed record SnapshotLoaded(PersistentActor Owner, SnapshotMetadata Metadata, object Snapshot) : RecoveryMessage(Owner);

/// <summary>A chunk of replayed events, deserialized off the actor's thread.</summary>
internal sealed record EventsReplayed(PersistentActor Owner, ReplayedEvent[] Events, int Count) : RecoveryMessage(Owner);

/// <summary>The end of recovery: the highest sequence number ever stored for the id, or why it failed.</summary>
internal sealed record RecoveryFinished(PersistentActor Owner, long HighestSequenceNr, Exception? Error) : RecoveryMessage(Owner);

internal readonly record struct ReplayedEvent(long SequenceNr, object Payload);
