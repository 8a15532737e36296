namespace Fabric.Broker.Security.Events;

internal sealed record PermissionsCleared(string User, string VirtualHost) : ISecurityEvent;
