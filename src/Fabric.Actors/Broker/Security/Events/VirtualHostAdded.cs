namespace Fabric.Broker.Security.Events;

internal sealed record VirtualHostAdded(string Name) : ISecurityEvent;
