using System.Net;
using Fabric.Broker.Contracts;
using Fabric.Configuration;

namespace Fabric.Broker.Security;

/// <summary>
/// Users, vhost access and permissions from <see cref="AuthSettings"/>: passwords are kept only as salted SHA-256
/// hashes; permission patterns are compiled once. Immutable after construction, so safe from any thread.
/// </summary>
public sealed class AccessControl : IAccessControl
{
    /// <summary>RabbitMQ checks permissions on the default exchange under this name.</summary>
    public const string DefaultExchangeResource = "amq.default";

    private readonly Dictionary<string, (BrokerUser User, PasswordHash Password)> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loopbackUsers;
    private readonly Dictionary<(string User, string VirtualHost), UserPermissions> _permissions = new();
    // Verified against when the user is unknown, so that a miss takes as long as a wrong password.
    private readonly PasswordHash _dummy = PasswordHash.Create(Guid.NewGuid().ToString());

    public AccessControl(AuthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var user in settings.Users)
            _users[user.Name] = (new BrokerUser(user.Name, user.Tags), PasswordHash.Create(user.Password));
        _loopbackUsers = new HashSet<string>(settings.LoopbackUsers, StringComparer.Ordinal);
        foreach (var permission in settings.Permissions)
            _permissions[(permission.User, permission.VirtualHost)] = new UserPermissions(permission);
    }

    public BrokerUser? Authenticate(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (!_users.TryGetValue(userName, out var entry))
        {
            _dummy.Verify(password);
            return null;
        }
        return entry.Password.Verify(password) ? entry.User : null;
    }

    public bool IsAllowedFrom(BrokerUser user, IPAddress? remoteAddress)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!_loopbackUsers.Contains(user.Name)) return true;
        // No address: an in-process transport, which is as local as it gets.
        if (remoteAddress is null) return true;
        if (remoteAddress.IsIPv4MappedToIPv6) remoteAddress = remoteAddress.MapToIPv4();
        return IPAddress.IsLoopback(remoteAddress);
    }

    public bool HasVirtualHostAccess(BrokerUser user, string virtualHost)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(virtualHost);
        return _permissions.ContainsKey((user.Name, virtualHost));
    }

    public bool IsPermitted(BrokerUser user, string virtualHost, Permission permission, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(virtualHost);
        ArgumentNullException.ThrowIfNull(resourceName);
        if (!_permissions.TryGetValue((user.Name, virtualHost), out var permissions)) return false;
        return permissions.IsPermitted(permission, resourceName.Length == 0 ? DefaultExchangeResource : resourceName);
    }
}
