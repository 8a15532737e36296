namespace Fabric.Actors.Dispatch;

/// <summary>
/// One thread's mailboxes scheduled during the running turn, to run after it on the same thread in the order they
/// were scheduled (a small FIFO ring; touched by its own thread only).
/// </summary>
internal sealed class HandOffs
{
    private const int Capacity = 8;
    private readonly Mailbox?[] _ring = new Mailbox?[Capacity];
    private int _head;
    private int _count;

    /// <summary>False when <paramref name="depth"/> (capped at the ring's size) mailboxes already wait.</summary>
    public bool TryAdd(Mailbox mailbox, int depth)
    {
        if (_count >= Math.Min(depth, Capacity)) return false;
        _ring[(_head + _count) % Capacity] = mailbox;
        _count++;
        return true;
    }

    public bool TryTake(out Mailbox mailbox)
    {
        if (_count == 0)
        {
            mailbox = null!;
            return false;
        }
        mailbox = _ring[_head]!;
        _ring[_head] = null;
        _head = (_head + 1) % Capacity;
        _count--;
        return true;
    }
}
