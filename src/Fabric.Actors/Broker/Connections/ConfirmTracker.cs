using System.Buffers;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Buffers;

namespace Fabric.Broker.Connections;

/// <summary>
/// Publisher confirms of one channel. Sequence numbers are consecutive, so the outstanding ones live in a ring indexed
/// by (seq - head). Confirms go out in publish order: a run of finished acks becomes one basic.ack with multiple=true.
/// </summary>
internal sealed class ConfirmTracker
{
    private const int FirstCapacity = 16;

    private ConfirmSlot[] _slots = new ConfirmSlot[FirstCapacity];
    private int _head;
    private int _count;
    private ulong _headSeq = 1;

    public int Outstanding => _count;

    public int Capacity => _slots.Length;

    /// <summary>Registers the next sequence number with the number of queues that will answer (0: confirmed at once).</summary>
    public void Add(ulong seq, int targets)
    {
        if (_count == 0)
        {
            _headSeq = seq;
        }

        if (_count == _slots.Length)
        {
            Resize(_slots.Length * 2);
        }

        _slots[(_head + _count) % _slots.Length] = new ConfirmSlot { Remaining = targets };
        _count++;
    }

    /// <summary>One target queue answered; false when the sequence number is not outstanding.</summary>
    public bool Confirm(ulong seq, bool ack)
    {
        if (seq < _headSeq || seq >= _headSeq + (ulong)_count)
        {
            return false;
        }

        ref var slot = ref _slots[(_head + (int)(seq - _headSeq)) % _slots.Length];
        if (!ack)
        {
            slot.Nacked = true;
        }

        if (slot.Remaining > 0)
        {
            slot.Remaining--;
        }

        return true;
    }

    /// <summary>One target queue acked every sequence number in [first, last]; false when none was outstanding.</summary>
    public bool ConfirmRange(ulong first, ulong last)
    {
        var from = Math.Max(first, _headSeq);
        var to = Math.Min(last, _headSeq + (ulong)_count - 1);
        if (_count == 0 || from > to)
        {
            return false;
        }

        for (ulong seq = from; seq <= to; seq++)
        {
            ref var slot = ref _slots[(_head + (int)(seq - _headSeq)) % _slots.Length];
            if (slot.Remaining > 0)
            {
                slot.Remaining--;
            }
        }

        return true;
    }

    public bool IsReady => _count > 0 && _slots[_head].Remaining == 0;

    /// <summary>Writes basic.ack / basic.nack for the finished messages at the head; true when anything was written.</summary>
    public bool WriteReady(IBufferWriter<byte> output, ushort channel)
    {
        bool wrote = false;
        int run = 0;
        ulong last = 0;
        while (_count > 0 && _slots[_head].Remaining == 0)
        {
            ulong seq = _headSeq;
            bool nacked = _slots[_head].Nacked;
            _slots[_head] = default;
            _head = (_head + 1) % _slots.Length;
            _count--;
            _headSeq++;
            if (nacked)
            {
                wrote |= WriteAcks(output, channel, run, last);
                run = 0;
                FrameWriter.WriteMethod(output, channel, new BasicNack { DeliveryTag = seq, Multiple = false, Requeue = false });
                wrote = true;
            }
            else
            {
                run++;
                last = seq;
            }
        }

        wrote |= WriteAcks(output, channel, run, last);
        return wrote;
    }

    /// <summary>Shrinks the slots a burst of outstanding confirms grew (on the idle sweep).</summary>
    public void TrimExcess()
    {
        if (SpareCapacity.IsExcess(_slots.Length, _count))
        {
            Resize(Math.Max(FirstCapacity, SpareCapacity.Kept(_count)));
        }
    }

    private void Resize(int capacity)
    {
        var resized = new ConfirmSlot[capacity];
        for (int i = 0; i < _count; i++)
        {
            resized[i] = _slots[(_head + i) % _slots.Length];
        }

        _slots = resized;
        _head = 0;
    }

    private static bool WriteAcks(IBufferWriter<byte> output, ushort channel, int run, ulong last)
    {
        if (run == 0)
        {
            return false;
        }

        FrameWriter.WriteMethod(output, channel, new BasicAck { DeliveryTag = last, Multiple = run > 1 });
        return true;
    }
}
