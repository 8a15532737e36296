namespace Fabric.Broker.Security.Events;

/// <summary>An event of the node's security definitions (persistence id <c>security</c>).</summary>
internal interface ISecurityEvent;
