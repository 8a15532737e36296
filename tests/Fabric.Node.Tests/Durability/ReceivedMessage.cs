namespace Fabric.Node.Tests.Durability;

/// <summary>A message drained from a queue after a restart (body copied out of the client's buffer).</summary>
public sealed record ReceivedMessage(byte[] Body, bool Redelivered);
