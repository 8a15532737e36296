namespace Fabric.Node.Memory;

/// <summary>
/// When the node gives the memory of a past burst back to the operating system. The GC collects the old generation
/// only when new allocations ask for it, and keeps what it freed committed: after a burst of large messages has been
/// consumed, a quiet node would hold the burst's peak (a gigabyte after 1,000 × 1 MB) for good. So on a quiet node
/// (little allocated since the last check) whose heap has grown well past what was live after the last reclaim, or
/// whose GC holds far more committed memory than the heap uses, one full compacting collection gives it back.
/// Never on a busy node: its collections happen anyway, and a full compacting pause would hit its traffic.
/// </summary>
internal sealed class HeapReclaimPolicy
{
    /// <summary>Allocated since the last check below which the node counts as quiet.</summary>
    public const long QuietAllocation = 32L * 1024 * 1024;

    /// <summary>Growth (heap over the last reclaimed size, or committed over heap) worth a full collection.</summary>
    public const long Reclaimable = 64L * 1024 * 1024;

    private long _lastAllocated;
    private long _heapAfterReclaim;

    /// <summary>Decides from this check's figures; the caller collects on true and reports <see cref="Reclaimed"/>.</summary>
    /// <param name="allocated">Bytes allocated by the process so far (GC.GetTotalAllocatedBytes).</param>
    /// <param name="heap">Bytes the heap holds now, garbage included (GC.GetTotalMemory(false)).</param>
    /// <param name="committed">Bytes the GC has committed (GCMemoryInfo.TotalCommittedBytes).</param>
    public bool ShouldReclaim(long allocated, long heap, long committed)
    {
        bool quiet = allocated - _lastAllocated < QuietAllocation;
        _lastAllocated = allocated;
        if (!quiet) return false;
        bool grown = heap > 2 * _heapAfterReclaim + Reclaimable;
        bool overCommitted = committed > 2 * heap + Reclaimable;
        return grown || overCommitted;
    }

    /// <summary>After the collection: what is live now is the base the next growth is measured from.</summary>
    public void Reclaimed(long heapAfter) => _heapAfterReclaim = heapAfter;
}
