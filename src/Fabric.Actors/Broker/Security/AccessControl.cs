using System.Net;
using Fabric.Broker.Contracts;
using Fabric.Configuration;

namespace Fabric.Broker.Security;

/// <summary>
/// Authentication, vhost access and permission checks over the current <see cref="SecurityState"/>: the security
/// actor publishes a new immutable state after each change, readers take it with one volatile read (no locks).
/// Passwords are kept only as salted SHA-256 hashes; permission patterns are compiled once per change.
/// </summary>
public sealed class AccessControl : IAccessControl
{
    /// <summary>RabbitMQ checks permissions on the default exchange under this name.</summary>
    public const string DefaultExchangeResource = "amq.default";

    private readonly HashSet<string> _loopbackUsers;
    // Verified against when the user is unknown, so that a miss takes as long as a wrong password.
    private readonly PasswordHash _dummy = PasswordHash.Create(Guid.NewGuid().ToString());
    private volatile SecurityState _state = SecurityState.Empty;

    /// <summary>Fixed definitions: the users, vhosts and permissions of <paramref name="settings"/>.</summary>
    public AccessControl(AuthSettings settings)
        : this(settings?.LoopbackUsers ?? throw new ArgumentNullException(nameof(settings)))
    {
        var definitions = new SecurityDefinitions();
        foreach (var e in definitions.EventsToApply(settings)) definitions.Apply(e);
        _state = definitions.ToState();
    }

    /// <summary>Empty until a security actor publishes its state.</summary>
    internal AccessControl(IReadOnlyList<string> loopbackUsers)
    {
        _loopbackUsers = new HashSet<string>(loopbackUsers, StringComparer.Ordinal);
    }

    internal SecurityState State => _state;

    internal void Publish(SecurityState state) => _state = state;

    public BrokerUser? Authenticate(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (_state.FindUser(userName) is not { } entry)
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
        return _state.PermissionsOf(user.Name, virtualHost) is not null;
    }

    public bool IsPermitted(BrokerUser user, string virtualHost, Permission permission, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(virtualHost);
        ArgumentNullException.ThrowIfNull(resourceName);
        return _state.PermissionsOf(user.Name, virtualHost) is { } permissions
               && permissions.IsPermitted(permission, resourceName.Length == 0 ? DefaultExchangeResource : resourceName);
    }
}
