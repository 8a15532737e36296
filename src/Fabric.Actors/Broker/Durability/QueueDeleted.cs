namespace Fabric.Broker.Durability;

/// <summary>Virtual-host event: a durable queue was deleted (its journal is deleted after this is durable).</summary>
public sealed record QueueDeleted(string Name);
