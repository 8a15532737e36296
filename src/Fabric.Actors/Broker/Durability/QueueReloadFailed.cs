namespace Fabric.Broker.Durability;

/// <summary>QueueStore → a restarted durable queue: reading its stored state failed (it fails again and retries).</summary>
internal sealed record QueueReloadFailed(Exception Cause);
