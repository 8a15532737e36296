namespace Fabric.Persistence.GroupCommit;

/// <summary>
/// The group-commit writer's inbox: many submitters, one reader thread that blocks when it is empty. The reader
/// sleeps without spinning (a spin on a 2-core machine takes the core a submitter needs, and the next write of a
/// queue only comes after a round trip through the thread pool); a submitter wakes it only when it sleeps.
/// </summary>
internal sealed class WriteQueue
{
    private readonly object _gate = new();
    private readonly Queue<WriteRequest> _requests = new();
    private bool _sleeping;
    private bool _completed;

    /// <summary>False once <see cref="Complete"/> was called.</summary>
    internal bool TryAdd(WriteRequest request)
    {
        lock (_gate)
        {
            if (_completed) return false;
            _requests.Enqueue(request);
            if (_sleeping)
            {
                _sleeping = false;
                Monitor.Pulse(_gate);
            }
        }

        return true;
    }

    /// <summary>No more requests are taken; the reader drains what is queued, then <see cref="TakeBatch"/> says done.</summary>
    internal void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _sleeping = false;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>
    /// Blocks until requests are queued, then moves them to <paramref name="batch"/> until <paramref name="maxUnits"/>
    /// atomic units are taken (always at least one request). With a <paramref name="maxDelay"/>, a batch that is not
    /// full waits up to that long after its first request for more (fewer, larger commits for a slow disk or a remote
    /// database, at the cost of latency). False once completed and drained.
    /// </summary>
    internal bool TakeBatch(List<WriteRequest> batch, int maxUnits, TimeSpan maxDelay, out int units)
    {
        units = 0;
        lock (_gate)
        {
            while (_requests.Count == 0)
            {
                if (_completed) return false;
                _sleeping = true;
                Monitor.Wait(_gate);
            }

            Drain(batch, maxUnits, ref units);
            if (maxDelay <= TimeSpan.Zero) return true;
            var deadline = Environment.TickCount64 + (long)Math.Ceiling(maxDelay.TotalMilliseconds);
            while (units < maxUnits && !_completed)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0) break;
                _sleeping = true;
                Monitor.Wait(_gate, (int)left);
                _sleeping = false;
                Drain(batch, maxUnits, ref units);
            }

            return true;
        }
    }

    private void Drain(List<WriteRequest> batch, int maxUnits, ref int units)
    {
        while (units < maxUnits && _requests.TryDequeue(out var request))
        {
            batch.Add(request);
            units += request.UnitCount;
        }
    }

    /// <summary>Stops taking requests and hands back what is queued (the reader failed).</summary>
    internal void Abandon(List<WriteRequest> into)
    {
        lock (_gate)
        {
            _completed = true;
            while (_requests.TryDequeue(out var request)) into.Add(request);
        }
    }
}
