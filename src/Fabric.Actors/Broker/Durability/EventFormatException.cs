namespace Fabric.Broker.Durability;

/// <summary>A stored broker event or snapshot cannot be decoded (truncated or corrupt payload, unknown manifest).</summary>
public sealed class EventFormatException(string message) : Exception(message);
