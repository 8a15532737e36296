namespace Fabric.Broker.Security.Events;

/// <summary>A user's password changed: the new salt and hash.</summary>
internal sealed record PasswordChanged(string Name, ReadOnlyMemory<byte> Salt, ReadOnlyMemory<byte> Hash) : ISecurityEvent;
