namespace Fabric.Broker.Security.Events;

/// <summary>The whole definitions at one sequence number: every user (as added, with current hash and tags), vhost and permission.</summary>
internal sealed record SecuritySnapshot(
    IReadOnlyList<UserAdded> Users, IReadOnlyList<string> VirtualHosts, IReadOnlyList<PermissionsSet> Permissions);
