namespace Fabric.Broker.Contracts;

/// <summary>A user's configure / write / read patterns in one vhost.</summary>
public sealed record PermissionEntry(string User, string VirtualHost, string Configure, string Write, string Read);
