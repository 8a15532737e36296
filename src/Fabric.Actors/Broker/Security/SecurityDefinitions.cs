using Fabric.Broker.Contracts;
using Fabric.Broker.Security.Events;
using Fabric.Configuration;

namespace Fabric.Broker.Security;

/// <summary>
/// The security actor's state: users, vhosts and permissions, changed only by applying events. <see cref="Check"/>
/// validates an event as RabbitMQ validates the command; <see cref="Apply"/> never fails for a checked event and
/// cascades as RabbitMQ does (a deleted user or vhost takes its permissions along). Single writer; readers get
/// <see cref="ToState"/>, which shares the compiled patterns and hashes.
/// </summary>
internal sealed class SecurityDefinitions
{
    private readonly Dictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string> _virtualHosts = new(StringComparer.Ordinal);
    // Inner dictionaries are replaced, never changed, so a published state can share them.
    private readonly Dictionary<string, Dictionary<string, UserPermissions>> _permissions = new(StringComparer.Ordinal);

    public bool IsEmpty => _users.Count == 0 && _virtualHosts.Count == 0;

    /// <summary>
    /// The events that make the definitions hold the configured vhosts, users (password, tags) and permissions: all of
    /// them on an empty store (first start), only what differs otherwise. Nothing is deleted.
    /// </summary>
    public IReadOnlyList<ISecurityEvent> EventsToApply(AuthSettings auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        var events = new List<ISecurityEvent>();
        var vhosts = new HashSet<string>(_virtualHosts, StringComparer.Ordinal);
        foreach (var vhost in auth.VirtualHosts)
            if (vhosts.Add(vhost)) events.Add(new VirtualHostAdded(vhost));
        foreach (var user in auth.Users)
        {
            var tags = Distinct(user.Tags);
            if (!_users.TryGetValue(user.Name, out var existing))
            {
                var hash = PasswordHash.Create(user.Password);
                events.Add(new UserAdded(user.Name, hash.Salt, hash.Hash, tags));
                continue;
            }
            if (!existing.Password.Verify(user.Password))
            {
                var hash = PasswordHash.Create(user.Password);
                events.Add(new PasswordChanged(user.Name, hash.Salt, hash.Hash));
            }
            if (!existing.User.Tags.SequenceEqual(tags)) events.Add(new UserTagsSet(user.Name, tags));
        }
        foreach (var p in auth.Permissions)
        {
            var current = _permissions.TryGetValue(p.User, out var byVirtualHost) ? byVirtualHost.GetValueOrDefault(p.VirtualHost) : null;
            if (current is null || current.Configure != p.Configure || current.Write != p.Write || current.Read != p.Read)
                events.Add(new PermissionsSet(p.User, p.VirtualHost, p.Configure, p.Write, p.Read));
        }
        return events;
    }

    /// <summary>Tags without duplicates or blanks, in their first order.</summary>
    public static string[] Distinct(IReadOnlyList<string> tags)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(tags.Count);
        foreach (var tag in tags)
        {
            var trimmed = tag.Trim();
            if (trimmed.Length != 0 && seen.Add(trimmed)) result.Add(trimmed);
        }
        return result.ToArray();
    }

    /// <summary>Null when the event may be applied, else the error RabbitMQ would report.</summary>
    public BrokerAdminException? Check(ISecurityEvent e) => e switch
    {
        UserAdded u => NonEmpty(u.Name, "user") ?? (_users.ContainsKey(u.Name)
            ? new BrokerAdminException(AdminError.UserExists, $"user '{u.Name}' already exists") : null),
        UserDeleted u => UserMissing(u.Name),
        PasswordChanged u => UserMissing(u.Name),
        UserTagsSet u => UserMissing(u.Name),
        VirtualHostAdded v => NonEmpty(v.Name, "vhost") ?? (_virtualHosts.Contains(v.Name)
            ? new BrokerAdminException(AdminError.VirtualHostExists, $"vhost '{v.Name}' already exists") : null),
        VirtualHostDeleted v => VirtualHostMissing(v.Name),
        PermissionsSet p => UserMissing(p.User) ?? VirtualHostMissing(p.VirtualHost)
            ?? InvalidPattern(p.Configure) ?? InvalidPattern(p.Write) ?? InvalidPattern(p.Read),
        PermissionsCleared p => UserMissing(p.User) ?? VirtualHostMissing(p.VirtualHost),
        _ => new BrokerAdminException(AdminError.InvalidArgument, $"unknown change {e.GetType().Name}"),
    };

    public void Apply(ISecurityEvent e)
    {
        switch (e)
        {
            case UserAdded u:
                _users[u.Name] = new UserRecord(new BrokerUser(u.Name, u.Tags), PasswordHash.FromStored(u.Salt.Span, u.Hash.Span));
                break;
            case UserDeleted u:
                _users.Remove(u.Name);
                _permissions.Remove(u.Name);
                break;
            case PasswordChanged u when _users.TryGetValue(u.Name, out var user):
                _users[u.Name] = user with { Password = PasswordHash.FromStored(u.Salt.Span, u.Hash.Span) };
                break;
            case UserTagsSet u when _users.TryGetValue(u.Name, out var user):
                _users[u.Name] = user with { User = new BrokerUser(u.Name, u.Tags) };
                break;
            case VirtualHostAdded v:
                _virtualHosts.Add(v.Name);
                break;
            case VirtualHostDeleted v:
                _virtualHosts.Remove(v.Name);
                foreach (var user in new List<string>(_permissions.Keys)) SetPermissions(user, v.Name, null);
                break;
            case PermissionsSet p:
                SetPermissions(p.User, p.VirtualHost, new UserPermissions(p.Configure, p.Write, p.Read));
                break;
            case PermissionsCleared p:
                SetPermissions(p.User, p.VirtualHost, null);
                break;
        }
    }

    public void Restore(SecuritySnapshot snapshot)
    {
        _users.Clear();
        _virtualHosts.Clear();
        _permissions.Clear();
        foreach (var vhost in snapshot.VirtualHosts) Apply(new VirtualHostAdded(vhost));
        foreach (var user in snapshot.Users) Apply(user);
        foreach (var permission in snapshot.Permissions) Apply(permission);
    }

    public SecurityState ToState() => new(
        new Dictionary<string, UserRecord>(_users, StringComparer.Ordinal),
        new HashSet<string>(_virtualHosts, StringComparer.Ordinal),
        new Dictionary<string, Dictionary<string, UserPermissions>>(_permissions, StringComparer.Ordinal));

    public SecuritySnapshot ToSnapshot()
    {
        var users = new List<UserAdded>(_users.Count);
        foreach (var (name, record) in _users)
            users.Add(new UserAdded(name, record.Password.Salt, record.Password.Hash, record.User.Tags));
        var permissions = new List<PermissionsSet>();
        foreach (var (user, byVirtualHost) in _permissions)
            foreach (var (vhost, p) in byVirtualHost)
                permissions.Add(new PermissionsSet(user, vhost, p.Configure, p.Write, p.Read));
        return new SecuritySnapshot(users, new List<string>(_virtualHosts), permissions);
    }

    private void SetPermissions(string user, string vhost, UserPermissions? permissions)
    {
        _permissions.TryGetValue(user, out var current);
        if (permissions is null && (current is null || !current.ContainsKey(vhost))) return;
        var next = current is null
            ? new Dictionary<string, UserPermissions>(StringComparer.Ordinal)
            : new Dictionary<string, UserPermissions>(current, StringComparer.Ordinal);
        if (permissions is null) next.Remove(vhost);
        else next[vhost] = permissions;
        if (next.Count == 0) _permissions.Remove(user);
        else _permissions[user] = next;
    }

    private static BrokerAdminException? NonEmpty(string name, string kind) =>
        string.IsNullOrEmpty(name) ? new BrokerAdminException(AdminError.InvalidArgument, $"a {kind} name must not be empty") : null;

    private BrokerAdminException? UserMissing(string name) =>
        _users.ContainsKey(name) ? null : new BrokerAdminException(AdminError.NoSuchUser, $"no such user '{name}'");

    private BrokerAdminException? VirtualHostMissing(string name) =>
        _virtualHosts.Contains(name) ? null : new BrokerAdminException(AdminError.NoSuchVirtualHost, $"no such vhost '{name}'");

    private static BrokerAdminException? InvalidPattern(string pattern) =>
        UserPermissions.Invalid(pattern) is { } why
            ? new BrokerAdminException(AdminError.InvalidArgument, $"invalid regular expression '{pattern}': {why}")
            : null;
}
