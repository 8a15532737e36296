namespace Fabric.Persistence.GroupCommit;

/// <summary>
/// The single writer of a store. Callers queue requests; a dedicated thread drains everything available (up to
/// max-batch units), applies it in one transaction, commits durably, then completes every caller's task (callers'
/// continuations run on the thread pool, never on this thread). Requests commit in submission order.
/// A rejected unit (duplicate sequence number...) makes the batch roll back and run again with a savepoint per unit,
/// so only that unit fails: the common case pays no savepoints.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly WriteQueue _queue = new();
    private readonly IGroupCommitExecutor _executor;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxDelay;
    private readonly bool _alwaysSavepoints;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="maxDelay">How long a batch that is not full may wait for more writes (zero: commit at once).</param>
    /// <param name="alwaysSavepoints">Skip the fast path (only to measure what savepoints cost).</param>
    internal GroupCommitWriter(IGroupCommitExecutor executor, int maxBatch, string name, bool alwaysSavepoints = false,
        TimeSpan maxDelay = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _executor = executor;
        _maxBatch = maxBatch;
        _maxDelay = maxDelay;
        _alwaysSavepoints = alwaysSavepoints;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    internal GroupCommitMetrics Metrics { get; } = new();

    internal void Submit(WriteRequest request)
    {
        if (!_queue.TryAdd(request)) throw new ObjectDisposedException(_thread.Name, "The store is closed.");
    }

    /// <summary>Stops taking requests, writes what is queued, closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await _stopped.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        var batch = new List<WriteRequest>(Math.Min(_maxBatch, 4096));
        try
        {
            while (_queue.TakeBatch(batch, _maxBatch, _maxDelay, out var units))
            {
                WriteBatch(batch, units);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            // Not expected (store failures are handled per batch); never leave a caller waiting.
            _queue.Abandon(batch);
            FailAll(batch, e);
        }
        finally
        {
            _executor.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void WriteBatch(List<WriteRequest> batch, int units)
    {
        try
        {
            if (_alwaysSavepoints || !TryWriteAll(batch)) WriteWithSavepoints(batch);
        }
        catch (Exception e)
        {
            FailAll(batch, e);
            TryReset();
            return;
        }

        Metrics.BatchCommitted(units);
        for (var i = 0; i < batch.Count; i++) batch[i].Complete();
    }

    /// <summary>The fast path: no savepoints. False when a unit was rejected (the transaction is rolled back).</summary>
    private bool TryWriteAll(List<WriteRequest> batch)
    {
        Metrics.TransactionBegun();
        _executor.Begin();
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                for (var unit = 0; unit < request.UnitCount; unit++) _executor.Execute(request, unit);
            }

            _executor.Flush();
        }
        catch (Exception e) when (_executor.IsRejection(e))
        {
            _executor.Rollback();
            return false;
        }
        catch
        {
            TryRollback();
            throw;
        }

        _executor.Commit();
        return true;
    }

    private void WriteWithSavepoints(List<WriteRequest> batch)
    {
        Metrics.TransactionBegun();
        _executor.Begin();
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                for (var unit = 0; unit < request.UnitCount; unit++)
                {
                    _executor.Savepoint();
                    try
                    {
                        _executor.Execute(request, unit);
                        _executor.Flush();
                        _executor.ReleaseSavepoint();
                    }
                    catch (Exception e) when (_executor.IsRejection(e))
                    {
                        _executor.RollbackToSavepoint();
                        request.Reject(unit, e);
                    }
                }
            }
        }
        catch
        {
            TryRollback();
            throw;
        }

        _executor.Commit();
    }

    private static void FailAll(List<WriteRequest> batch, Exception error)
    {
        for (var i = 0; i < batch.Count; i++) batch[i].Fail(error);
    }

    private void TryRollback()
    {
        try
        {
            _executor.Rollback();
        }
        catch (Exception)
        {
            // The connection is gone; Reset will replace it.
        }
    }

    private void TryReset()
    {
        try
        {
            _executor.Reset();
        }
        catch (Exception)
        {
            // Still unavailable: the next batch fails fast and tries again.
        }
    }
}
