using Fabric.Broker.Buffers;

namespace Fabric.Broker.Connections;

/// <summary>
/// A channel's deliveries awaiting basic.ack / nack / reject, in delivery-tag order. Tags only grow, so deliveries
/// append at the end; in-order acks take from the front, an out-of-order one is found by binary search and left as a
/// hole until the front passes it (holes are squeezed out when the array fills). No hashing, no allocation once warm.
/// </summary>
internal sealed class UnackedDeliveries
{
    private Entry[] _entries = [];
    private int _start;
    private int _end;

    /// <summary>Deliveries still unacked.</summary>
    public int Count { get; private set; }

    /// <summary>Slots held (for tests: holes must not make it grow).</summary>
    internal int Capacity => _entries.Length;

    public void Add(ulong tag, string queue, long messageId)
    {
        if (_end == _entries.Length) MakeRoom();
        _entries[_end++] = new Entry(tag, queue, messageId);
        Count++;
    }

    /// <summary>Removes the delivery with this tag; false if it is not unacked.</summary>
    public bool TryRemove(ulong tag, out UnackedDelivery delivery)
    {
        int index = IndexOf(tag);
        if (index < 0)
        {
            delivery = default;
            return false;
        }

        ref var entry = ref _entries[index];
        delivery = new UnackedDelivery(entry.Queue!, entry.MessageId);
        entry.Queue = null;
        Count--;
        TrimFront();
        return true;
    }

    /// <summary>Removes every delivery with a tag up to <paramref name="upTo"/>, oldest first, into
    /// <paramref name="removed"/>; returns how many.</summary>
    public int RemoveUpTo(ulong upTo, List<UnackedDelivery> removed)
    {
        int n = 0;
        while (_start < _end && _entries[_start].Tag <= upTo)
        {
            ref var entry = ref _entries[_start++];
            if (entry.Queue is { } queue)
            {
                removed.Add(new UnackedDelivery(queue, entry.MessageId));
                entry.Queue = null;
                n++;
            }
        }

        Count -= n;
        TrimFront();
        return n;
    }

    /// <summary>Gives back the slots a burst grew and no longer fills (the idle sweep's rule).</summary>
    public void TrimExcess()
    {
        if (!SpareCapacity.IsExcess(_entries.Length, Count))
        {
            return;
        }

        var kept = new Entry[SpareCapacity.Kept(Count)];
        int n = CopyLive(kept);
        _entries = kept;
        _start = 0;
        _end = n;
    }

    public void Clear()
    {
        Array.Clear(_entries, _start, _end - _start);
        _start = _end = 0;
        Count = 0;
    }

    private int IndexOf(ulong tag)
    {
        int lo = _start, hi = _end - 1;
        if (lo <= hi && _entries[lo].Tag == tag)
        {
            return _entries[lo].Queue is null ? -1 : lo; // the usual case: acks in delivery order
        }

        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            ulong found = _entries[mid].Tag;
            if (found == tag)
            {
                return _entries[mid].Queue is null ? -1 : mid;
            }

            if (found < tag)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private void TrimFront()
    {
        while (_start < _end && _entries[_start].Queue is null)
        {
            _start++;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>At the end of the array: squeeze out what was taken (front and holes), grow if still over half full.</summary>
    private void MakeRoom()
    {
        if (Count * 2 > _entries.Length || _entries.Length == 0)
        {
            var bigger = new Entry[Math.Max(16, _entries.Length * 2)];
            int n = CopyLive(bigger);
            _entries = bigger;
            _start = 0;
            _end = n;
            return;
        }

        int live = CopyLive(_entries);
        Array.Clear(_entries, live, _end - live);
        _start = 0;
        _end = live;
    }

    private int CopyLive(Entry[] target)
    {
        int n = 0;
        for (int i = _start; i < _end; i++)
        {
            if (_entries[i].Queue is not null)
            {
                target[n++] = _entries[i];
            }
        }

        return n;
    }

    private struct Entry(ulong tag, string queue, long messageId)
    {
        public readonly ulong Tag = tag;
        public string? Queue = queue; // null: settled (a hole until the front passes it)
        public readonly long MessageId = messageId;
    }
}
