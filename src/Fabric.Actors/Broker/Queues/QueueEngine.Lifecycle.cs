namespace Fabric.Broker.Queues;

public sealed partial class QueueEngine
{
    /// <summary>queue.purge: removes every ready message (unacked are untouched); returns how many.</summary>
    public int Purge()
    {
        var entries = _scratchEntries ??= [];
        entries.Clear();
        _ready.DrainAll(entries);
        var count = entries.Count;
        ForgetScratchEntries();
        return count;
    }

    /// <summary>queue.delete's if-unused / if-empty checks: null when the delete may go ahead.</summary>
    public QueueError? CheckDelete(bool ifUnused, bool ifEmpty)
    {
        if (ifUnused && _consumers.Count > 0)
            return new QueueError(QueueError.PreconditionFailed, $"{Described} in use");
        if (ifEmpty && _ready.Count > 0)
            return new QueueError(QueueError.PreconditionFailed, $"{Described} not empty");
        return null;
    }

    /// <summary>
    /// Deletes the queue's content: ready and unacked messages are dropped (journalled removals emitted) and all
    /// consumers removed (the actor cancels them first via <see cref="Consumers"/>). Returns the ready count for
    /// delete-ok.
    /// </summary>
    public int Delete()
    {
        var ready = _ready.Count;
        var entries = _scratchEntries ??= [];
        entries.Clear();
        _ready.DrainAll(entries);
        foreach (var pair in _unacked) entries.Add(pair.Value.Entry);
        _unacked.Clear();
        UnackedBytes = 0;
        _consumers.Clear();
        ForgetScratchEntries();
        return ready;
    }

    private void ForgetScratchEntries()
    {
        var entries = _scratchEntries!;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Persisted) _effects.PersistRemove(entries[i].Id);
        }
        entries.Clear();
    }
}
