namespace Fabric.Rpc.Envelope;

/// <summary>The last 16 <c>_unique_id</c>s seen, to drop redelivered duplicates (oslo's _MsgIdCache).</summary>
internal sealed class UniqueIdCache
{
    private const int Size = 16;
    private readonly string?[] _ids = new string?[Size];
    private readonly Lock _lock = new();
    private int _next;

    public bool Contains(string? id)
    {
        if (id is null)
        {
            return false;
        }

        lock (_lock)
        {
            return Array.IndexOf(_ids, id) >= 0;
        }
    }

    public void Add(string? id)
    {
        if (id is null)
        {
            return;
        }

        lock (_lock)
        {
            if (Array.IndexOf(_ids, id) >= 0)
            {
                return;
            }

            _ids[_next] = id;
            _next = (_next + 1) % Size;
        }
    }
}
