namespace Fabric.Broker.Durability;

/// <summary>Virtual-host event: a durable exchange was deleted (its bindings with it).</summary>
public sealed record ExchangeDeleted(string Name);
