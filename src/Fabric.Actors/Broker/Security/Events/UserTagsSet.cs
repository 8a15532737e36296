namespace Fabric.Broker.Security.Events;

/// <summary>A user's tags were replaced.</summary>
internal sealed record UserTagsSet(string Name, IReadOnlyList<string> Tags) : ISecurityEvent;
