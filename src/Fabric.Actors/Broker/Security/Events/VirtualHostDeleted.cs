namespace Fabric.Broker.Security.Events;

/// <summary>A vhost was deleted, and with it every permission on it.</summary>
internal sealed record VirtualHostDeleted(string Name) : ISecurityEvent;
