using Fabric.Broker.Contracts;

namespace Fabric.Broker.Security;

/// <summary>
/// An immutable snapshot of the users, vhosts and permissions, published by the security actor after each change and
/// read lock-free by <see cref="AccessControl"/> (one volatile read per check, then plain dictionary lookups).
/// </summary>
internal sealed class SecurityState
{
    private readonly Dictionary<string, UserRecord> _users;
    private readonly HashSet<string> _virtualHosts;
    // user -> vhost -> patterns; the inner dictionaries are never changed once published.
    private readonly Dictionary<string, Dictionary<string, UserPermissions>> _permissions;

    internal SecurityState(Dictionary<string, UserRecord> users, HashSet<string> virtualHosts,
        Dictionary<string, Dictionary<string, UserPermissions>> permissions)
    {
        _users = users;
        _virtualHosts = virtualHosts;
        _permissions = permissions;
    }

    public static SecurityState Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal),
        new(StringComparer.Ordinal));

    public UserRecord? FindUser(string name) => _users.GetValueOrDefault(name);

    public bool HasVirtualHost(string name) => _virtualHosts.Contains(name);

    public UserPermissions? PermissionsOf(string user, string virtualHost) =>
        _permissions.TryGetValue(user, out var byVirtualHost) ? byVirtualHost.GetValueOrDefault(virtualHost) : null;

    public IReadOnlyList<BrokerUser> Users()
    {
        var users = new List<BrokerUser>(_users.Count);
        foreach (var record in _users.Values) users.Add(record.User);
        users.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return users;
    }

    public IReadOnlyList<string> VirtualHosts()
    {
        var names = new List<string>(_virtualHosts);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public IReadOnlyList<PermissionEntry> Permissions()
    {
        var entries = new List<PermissionEntry>();
        foreach (var (user, byVirtualHost) in _permissions)
            foreach (var (vhost, p) in byVirtualHost)
                entries.Add(new PermissionEntry(user, vhost, p.Configure, p.Write, p.Read));
        entries.Sort(static (a, b) =>
        {
            var byUser = string.CompareOrdinal(a.User, b.User);
            return byUser != 0 ? byUser : string.CompareOrdinal(a.VirtualHost, b.VirtualHost);
        });
        return entries;
    }
}
