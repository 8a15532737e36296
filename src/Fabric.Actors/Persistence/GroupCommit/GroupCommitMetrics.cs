namespace Fabric.Persistence.GroupCommit;

/// <summary>Counters of a group-commit writer (read at any time from any thread).</summary>
public sealed class GroupCommitMetrics
{
    private long _batches;
    private long _writes;
    private long _transactions;
    private long _largestBatch;

    /// <summary>Batches committed.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Atomic units (atomic writes, deletes, snapshot writes) in committed batches.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Transactions begun, including the savepoint retry of a batch that held a rejected write.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Most atomic units seen in one committed batch.</summary>
    public long LargestBatch => Interlocked.Read(ref _largestBatch);

    public double AverageWritesPerBatch
    {
        get
        {
            var batches = Batches;
            return batches == 0 ? 0 : (double)Writes / batches;
        }
    }

    internal void TransactionBegun() => Interlocked.Increment(ref _transactions);

    internal void BatchCommitted(int writes)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _writes, writes);
        if (writes > Interlocked.Read(ref _largestBatch)) Interlocked.Exchange(ref _largestBatch, writes); // one writer
    }

    public override string ToString() =>
        $"batches={Batches} writes={Writes} transactions={Transactions} writes/batch={AverageWritesPerBatch:F1} largest={LargestBatch}";
}
