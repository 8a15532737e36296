namespace Fabric.Broker.Security.Events;

/// <summary>A user's configure / write / read patterns in a vhost were set (replacing earlier ones).</summary>
internal sealed record PermissionsSet(string User, string VirtualHost, string Configure, string Write, string Read)
    : ISecurityEvent;
