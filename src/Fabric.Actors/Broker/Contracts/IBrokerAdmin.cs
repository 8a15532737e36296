namespace Fabric.Broker.Contracts;

/// <summary>
/// Runtime administration of a node's users, vhosts and permissions (the management API and CLI sit on it). Every
/// change completes once it is durable in the store; a failed validation faults with <see cref="BrokerAdminException"/>.
/// Reads return the current definitions (an immutable snapshot). Cancelling stops the wait only: a change already sent
/// may still apply (as after a timeout); vhost additions and deletions and user deletions, once begun, run to the end.
/// </summary>
public interface IBrokerAdmin
{
    /// <summary>Adds a user; only a salted hash of the password is stored.</summary>
    Task AddUserAsync(string name, string password, IReadOnlyList<string> tags, CancellationToken cancellationToken = default);

    /// <summary>Deletes a user, their permissions, and closes their connections (320 CONNECTION_FORCED).</summary>
    Task DeleteUserAsync(string name, CancellationToken cancellationToken = default);

    Task ChangePasswordAsync(string name, string password, CancellationToken cancellationToken = default);

    Task SetUserTagsAsync(string name, IReadOnlyList<string> tags, CancellationToken cancellationToken = default);

    /// <summary>Adds a vhost and starts it: clients can connect to it when this completes.</summary>
    Task AddVirtualHostAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a vhost: drops the permissions on it, closes its connections (320 CONNECTION_FORCED), stops its
    /// exchanges and queues and deletes their durable topology and messages from the store.
    /// </summary>
    Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets a user's configure / write / read patterns (regular expressions) in a vhost.</summary>
    Task SetPermissionsAsync(string user, string virtualHost, string configure, string write, string read,
        CancellationToken cancellationToken = default);

    Task ClearPermissionsAsync(string user, string virtualHost, CancellationToken cancellationToken = default);

    /// <summary>Users by name.</summary>
    IReadOnlyList<BrokerUser> ListUsers();

    /// <summary>Vhost names, ordinal order.</summary>
    IReadOnlyList<string> ListVirtualHosts();

    /// <summary>Every (user, vhost) permission, by user then vhost.</summary>
    IReadOnlyList<PermissionEntry> ListPermissions();
}
