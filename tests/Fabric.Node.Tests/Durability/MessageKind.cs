namespace Fabric.Node.Tests.Durability;

/// <summary>What a ledger message is and where it goes; only the persistent kinds to durable queues may survive a kill.</summary>
public enum MessageKind
{
    /// <summary>delivery-mode 2 to the durable queue <see cref="KillTopology.Main"/> (default exchange).</summary>
    PersistentMain,

    /// <summary>delivery-mode 1 to <see cref="KillTopology.Main"/>: never survives.</summary>
    TransientMain,

    /// <summary>delivery-mode 2 through the durable direct exchange to <see cref="KillTopology.Routed"/>.</summary>
    PersistentRouted,

    /// <summary>delivery-mode 2 through the direct exchange to both durable queues: confirmed only once both hold it.</summary>
    PersistentToBoth,

    /// <summary>delivery-mode 2 to the non-durable queue <see cref="KillTopology.TransientQueue"/>: never survives.</summary>
    PersistentToTransientQueue,
}
