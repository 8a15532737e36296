namespace Fabric.Actors.Tests.PersistentActors;

// Commands of EventLogActor.
internal sealed record PersistOne(string Event);
internal sealed record PersistSeveral(string[] Events, bool Atomic);
internal sealed record PersistWithoutStash(string Event);
internal sealed record PersistThenDefer(string Event, string Deferred);
internal sealed record PersistNested(string Event);
internal sealed record PersistThenThrow(string Event);
internal sealed record TakeSnapshot;
internal sealed record DeleteUpTo(long SequenceNr);
internal sealed record GetState;

internal sealed class Ping
{
    public static readonly Ping Instance = new();
}


// Replies and reports.
internal sealed record Persisted(string Event, long SequenceNr);
internal sealed record Deferred(string Event);
internal sealed record Pong(int EventCount);
internal sealed record State(string[] Events, long LastSequenceNr, long SnapshotSequenceNr);
internal sealed record Offered(long SequenceNr, string[] Events);
internal sealed record Recovered(string[] Events, long LastSequenceNr, long SnapshotSequenceNr);
internal sealed record PersistFailed(object Event, long SequenceNr);
internal sealed record PersistRejected(object Event, long SequenceNr);
internal sealed record RecoveryFailed(string Reason);
