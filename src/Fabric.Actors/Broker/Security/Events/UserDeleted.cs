namespace Fabric.Broker.Security.Events;

/// <summary>A user was deleted, and with it their permissions.</summary>
internal sealed record UserDeleted(string Name) : ISecurityEvent;
