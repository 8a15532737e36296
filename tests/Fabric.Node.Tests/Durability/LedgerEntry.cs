namespace Fabric.Node.Tests.Durability;

/// <summary>
/// One published message and what the client knows of it. Deliveries, acks and purges are of
/// <see cref="KillTopology.Main"/>, the only queue consumed from or purged. Mutated under the ledger's lock.
/// </summary>
public sealed class LedgerEntry
{
    internal LedgerEntry(int publisher, int sequence, MessageKind kind)
    {
        Publisher = publisher;
        Sequence = sequence;
        Kind = kind;
    }

    public int Publisher { get; }

    public int Sequence { get; }

    public MessageKind Kind { get; }

    /// <summary>Whether it may be found in <paramref name="queue"/> after a restart (persistent, durable queue).</summary>
    public bool SurvivesIn(string queue) => Kind switch
    {
        MessageKind.PersistentMain => queue == KillTopology.Main,
        MessageKind.PersistentRouted => queue == KillTopology.Routed,
        MessageKind.PersistentToBoth => queue is KillTopology.Main or KillTopology.Routed,
        _ => false,
    };

    /// <summary>Whether any durable queue holds it.</summary>
    public bool Durable => Kind is MessageKind.PersistentMain or MessageKind.PersistentRouted or MessageKind.PersistentToBoth;

    /// <summary>basic.ack from the broker: from now on it must survive (in every queue of <see cref="SurvivesIn"/>).</summary>
    public bool Confirmed { get; internal set; }

    public bool Nacked { get; internal set; }

    /// <summary>Our consumer received it (in any cycle).</summary>
    public bool Delivered { get; internal set; }

    /// <summary>Received before a barrier completed: its delivery is on disk, so it must come back redelivered.</summary>
    public bool DeliverySettled { get; internal set; }

    /// <summary>Our consumer sent basic.ack for it.</summary>
    public bool AckSent { get; internal set; }

    /// <summary>Acked before a barrier completed: the ack is on disk, so it must never come back.</summary>
    public bool AckSettled { get; internal set; }

    /// <summary>The main queue was purged (purge-ok received) after it was confirmed: it must never come back there.</summary>
    public bool Purged { get; internal set; }

    public override string ToString() =>
        $"p{Publisher}#{Sequence} {Kind} confirmed={Confirmed} delivered={Delivered}/{DeliverySettled} acked={AckSent}/{AckSettled}";
}
