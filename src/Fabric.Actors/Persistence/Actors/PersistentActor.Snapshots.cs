using Fabric.Actors;
using Fabric.Persistence.Snapshot;

namespace Fabric.Persistence.Actors;

public abstract partial class PersistentActor
{
    /// <summary>
    /// Saves <paramref name="snapshot"/> as the state at <see cref="LastSequenceNr"/>; the actor later receives
    /// <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/> as a command.
    /// </summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, DateTimeOffset.UtcNow);
        var payload = Persistence.Serializers.ToBinary(snapshot, out var manifest);
        Persistence.Snapshots.SaveAsync(metadata, manifest, payload).ContinueWith(
            static (task, state) =>
            {
                var (self, metadata) = ((IActorRef, SnapshotMetadata))state!;
                self.Tell(task.IsCompletedSuccessfully
                    ? new SaveSnapshotSuccess(metadata)
                    : new SaveSnapshotFailure(metadata, Unwrap(task)), null);
            },
            (Self, metadata), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Deletes this actor's snapshots matching the criteria; replies <see cref="DeleteSnapshotsSuccess"/> / <see cref="DeleteSnapshotsFailure"/>.</summary>
    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        Persistence.Snapshots.DeleteAsync(PersistenceId, criteria).ContinueWith(
            static (task, state) =>
            {
                var (self, criteria) = ((IActorRef, SnapshotSelectionCriteria))state!;
                self.Tell(task.IsCompletedSuccessfully
                    ? new DeleteSnapshotsSuccess(criteria)
                    : new DeleteSnapshotsFailure(criteria, Unwrap(task)), null);
            },
            (Self, criteria), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static Exception Unwrap(Task task) =>
        task.Exception?.InnerException ?? task.Exception ?? (Exception)new TaskCanceledException(task);
}
