using Fabric.Actors.Cell;

namespace Fabric.Actors.Dispatch;

/// <summary>
/// Lock-free multi-producer stack of system messages linked through <see cref="SystemMessage.Next"/>;
/// the single consumer takes everything at once and reverses it into arrival order. Once closed, pushes fail
/// so the sender can handle the message as addressed to a dead actor.
/// </summary>
internal struct SystemMessageQueue
{
    private static readonly SystemMessage Closed = new ClosedMarker();

    private SystemMessage? _head;

    public bool HasMessages
    {
        get
        {
            var head = Volatile.Read(ref _head);
            return head != null && !ReferenceEquals(head, Closed);
        }
    }

    public bool TryPush(SystemMessage message)
    {
        while (true)
        {
            var head = Volatile.Read(ref _head);
            if (ReferenceEquals(head, Closed)) return false;
            message.Next = head;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _head, message, head), head)) return true;
        }
    }

    /// <summary>Takes all queued messages, oldest first (null when none).</summary>
    public SystemMessage? TakeAll()
    {
        var head = Volatile.Read(ref _head);
        if (head == null || ReferenceEquals(head, Closed)) return null;
        head = Interlocked.Exchange(ref _head, null);
        return Reverse(head);
    }

    /// <summary>Closes the queue and returns what was still queued, oldest first.</summary>
    public SystemMessage? Close()
    {
        var head = Interlocked.Exchange(ref _head, Closed);
        return ReferenceEquals(head, Closed) ? null : Reverse(head);
    }

    private static SystemMessage? Reverse(SystemMessage? head)
    {
        SystemMessage? reversed = null;
        while (head != null)
        {
            var next = head.Next;
            head.Next = reversed;
            reversed = head;
            head = next;
        }
        return reversed;
    }

    private sealed class ClosedMarker : SystemMessage;
}
