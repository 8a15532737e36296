namespace Fabric.Broker.Connections;

/// <summary>
/// Tell a connection actor to send connection.blocked (with <paramref name="Reason"/>) or connection.unblocked to a
/// client that announced the capability; the hook for resource alarms.
/// </summary>
public sealed record SetConnectionBlocked(bool Blocked, string Reason);
