namespace Fabric.Persistence.Journal;

/// <summary>Events of one persistence id with contiguous sequence numbers, stored all-or-nothing.</summary>
public sealed class AtomicWrite
{
    public AtomicWrite(PersistentRepresentation single)
        : this(new[] { single ?? throw new ArgumentNullException(nameof(single)) })
    {
    }

    public AtomicWrite(IReadOnlyList<PersistentRepresentation> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) throw new ArgumentException("An atomic write needs at least one event.", nameof(events));
        var first = events[0];
        if (first.SequenceNr < 1) throw new ArgumentException("Sequence numbers start at 1.", nameof(events));
        for (var i = 1; i < events.Count; i++)
        {
            var e = events[i];
            if (!string.Equals(e.PersistenceId, first.PersistenceId, StringComparison.Ordinal))
                throw new ArgumentException("All events of an atomic write must share one persistence id.", nameof(events));
            if (e.SequenceNr != first.SequenceNr + i)
                throw new ArgumentException("Sequence numbers of an atomic write must be contiguous and ascending.", nameof(events));
        }

        Events = events;
    }

    public string PersistenceId => Events[0].PersistenceId;

    public long LowestSequenceNr => Events[0].SequenceNr;

    public long HighestSequenceNr => Events[^1].SequenceNr;

    public IReadOnlyList<PersistentRepresentation> Events { get; }
}
