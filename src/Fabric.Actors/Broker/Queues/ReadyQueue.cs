namespace Fabric.Broker.Queues;

/// <summary>
/// All ready messages: one <see cref="ReadyLane"/> per priority (a single lane without x-max-priority).
/// The head is the head of the highest non-empty lane. Keeps message and body-byte totals.
/// </summary>
internal sealed class ReadyQueue
{
    private readonly ReadyLane[] _lanes;
    // No lane above this index holds anything; lets the head search skip empty high priorities.
    private int _highest;

    public ReadyQueue(byte maxPriority)
    {
        _lanes = new ReadyLane[maxPriority + 1];
        for (var i = 0; i < _lanes.Length; i++) _lanes[i] = new ReadyLane();
    }

    public int Count { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Ready messages that carry an expiry; when 0, TTL work is skipped entirely.</summary>
    public int ExpiringCount { get; private set; }

    public int LaneCount => _lanes.Length;

    public ReadyLane Lane(int index) => _lanes[index];

    public void Insert(in QueueEntry entry)
    {
        var lane = entry.Message.Priority < _lanes.Length ? entry.Message.Priority : _lanes.Length - 1;
        _lanes[lane].Insert(entry);
        if (lane > _highest) _highest = lane;
        Count++;
        Bytes += entry.Message.BodySize;
        if (entry.ExpiresAtMs != long.MaxValue) ExpiringCount++;
    }

    /// <summary>The lane whose head is delivered next, or null when nothing is ready.</summary>
    public ReadyLane? HeadLane()
    {
        if (Count == 0) return null;
        while (_lanes[_highest].Count == 0) _highest--;
        return _lanes[_highest];
    }

    public QueueEntry PopHead(ReadyLane lane)
    {
        var entry = lane.PopHead();
        Count--;
        Bytes -= entry.Message.BodySize;
        if (entry.ExpiresAtMs != long.MaxValue) ExpiringCount--;
        return entry;
    }

    public void TrimExcess()
    {
        for (var i = 0; i < _lanes.Length; i++) _lanes[i].TrimExcess();
    }

    public void DrainAll(List<QueueEntry> sink)
    {
        for (var i = 0; i < _lanes.Length; i++) _lanes[i].Drain(sink);
        Count = 0;
        Bytes = 0;
        ExpiringCount = 0;
        _highest = 0;
    }
}
