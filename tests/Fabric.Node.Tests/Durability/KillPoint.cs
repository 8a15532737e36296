namespace Fabric.Node.Tests.Durability;

/// <summary>Where in a node's life the kill -9 lands (parameters of each come from <see cref="KillPlan"/>).</summary>
public enum KillPoint
{
    /// <summary>Right after the first publisher confirm.</summary>
    AfterFirstConfirm,

    /// <summary>After a seeded number of confirms, publishers still going.</summary>
    AfterConfirms,

    /// <summary>With at least 512 publishes sent and not yet confirmed.</summary>
    MidBatch,

    /// <summary>While a consumer acks, with acks (and deliveries) in flight.</summary>
    WhileConsuming,

    /// <summary>Right after the last declare-ok / bind-ok, before any message.</summary>
    AfterDeclares,

    /// <summary>Right after queue.purge-ok of a queue holding confirmed messages.</summary>
    AfterPurge,

    /// <summary>Right after queue.delete-ok of a queue holding confirmed messages.</summary>
    AfterDelete,

    /// <summary>
    /// After the main queue's journal was compacted (more than 10 000 events: a snapshot of the live messages, old
    /// events deleted), while publishing and consuming go on.
    /// </summary>
    AfterCompaction,

    /// <summary>Killed mid-stream, killed again while recovering, then killed mid-stream a third time.</summary>
    KillTwice,
}
