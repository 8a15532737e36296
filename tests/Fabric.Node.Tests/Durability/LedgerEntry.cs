namespace Fabric.Node.Tests.Durability;

/// <summary>One published message and what the client knows of it. Mutated under the ledger's lock.</summary>
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

    /// <summary>The durable queue it may be found in after a restart; null when it must not survive.</summary>
    public string? SurvivesIn => Kind switch
    {
        MessageKind.PersistentMain => KillTopology.Main,
        MessageKind.PersistentRouted => KillTopology.Routed,
        _ => null,
    };

    /// <summary>basic.ack from the broker: from now on it must survive (if <see cref="SurvivesIn"/> is set).</summary>
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

    /// <summary>Its queue was purged (purge-ok received) after it was confirmed: it must never come back.</summary>
    public bool Purged { get; internal set; }

    public override string ToString() =>
        $"p{Publisher}#{Sequence} {Kind} confirmed={Confirmed} delivered={Delivered}/{DeliverySettled} acked={AckSent}/{AckSettled}";
}
