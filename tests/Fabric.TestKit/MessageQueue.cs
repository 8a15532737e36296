using System.Collections.Concurrent;

namespace Fabric.TestKit;

/// <summary>A queue a test thread can block on (or await) with a timeout.</summary>
internal sealed class MessageQueue
{
    private readonly ConcurrentQueue<ReceivedMessage> _items = new();
    private readonly SemaphoreSlim _count = new(0);

    public void Add(ReceivedMessage message)
    {
        _items.Enqueue(message);
        _count.Release();
    }

    public ReceivedMessage? Take(TimeSpan timeout)
    {
        if (!_count.Wait(Clamp(timeout))) return null;
        _items.TryDequeue(out var message);
        return message;
    }

    public async Task<ReceivedMessage?> TakeAsync(TimeSpan timeout)
    {
        if (!await _count.WaitAsync(Clamp(timeout)).ConfigureAwait(false)) return null;
        _items.TryDequeue(out var message);
        return message;
    }

    private static TimeSpan Clamp(TimeSpan timeout) => timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout;
}
