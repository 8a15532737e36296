namespace Fabric.Broker.Security.Events;

/// <summary>A user was added: the salted hash of its password (never the password) and its tags.</summary>
internal sealed record UserAdded(string Name, ReadOnlyMemory<byte> Salt, ReadOnlyMemory<byte> Hash, IReadOnlyList<string> Tags)
    : ISecurityEvent;
