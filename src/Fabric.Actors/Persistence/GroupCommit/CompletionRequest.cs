namespace Fabric.Persistence.GroupCommit;

/// <summary>A single-unit request whose caller awaits a plain task (deletes, snapshot writes, one atomic write).</summary>
internal abstract class CompletionRequest : WriteRequest
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _rejection;

    internal Task Task => _completion.Task;

    internal override void Reject(int unit, Exception error) => _rejection = WrapRejection(error);

    internal override void Complete()
    {
        if (_rejection is null) _completion.TrySetResult();
        else _completion.TrySetException(_rejection);
    }

    internal override void Fail(Exception error) => _completion.TrySetException(error);

    protected virtual Exception WrapRejection(Exception error) => error;
}
