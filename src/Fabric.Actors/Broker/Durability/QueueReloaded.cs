namespace Fabric.Broker.Durability;

/// <summary>QueueStore → a restarted durable queue: its stored state, read again (see QueueStore.ReloadAsync).</summary>
internal sealed record QueueReloaded(QueueRecovery Recovery);
