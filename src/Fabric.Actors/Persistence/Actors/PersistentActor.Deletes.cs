using Fabric.Actors;

namespace Fabric.Persistence.Actors;

public abstract partial class PersistentActor
{
    /// <summary>
    /// Deletes this actor's events up to and including <paramref name="toSequenceNr"/> (clamped to
    /// <see cref="LastSequenceNr"/>; long.MaxValue: all). The sequence numbering continues after them. Replies
    /// <see cref="DeleteMessagesSuccess"/> or <see cref="DeleteMessagesFailure"/> as a command.
    /// </summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        var to = Math.Min(toSequenceNr, LastSequenceNr);
        Persistence.Journal.DeleteToAsync(PersistenceId, to).ContinueWith(
            static (task, state) =>
            {
                var (self, to) = ((IActorRef, long))state!;
                self.Tell(task.IsCompletedSuccessfully
                    ? new DeleteMessagesSuccess(to)
                    : new DeleteMessagesFailure(Unwrap(task), to), null);
            },
            (Self, to), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
