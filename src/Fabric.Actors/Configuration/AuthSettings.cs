namespace Fabric.Configuration;

/// <summary>
/// <c>fabric.auth</c>: SASL mechanisms and the users, virtual hosts and permissions created at first start (and at
/// every start with <see cref="ReapplyAtStart"/>).
/// </summary>
public sealed record AuthSettings(
    IReadOnlyList<string> Mechanisms,
    IReadOnlyList<string> LoopbackUsers,
    IReadOnlyList<UserSettings> Users,
    IReadOnlyList<string> VirtualHosts,
    IReadOnlyList<PermissionSettings> Permissions)
{
    /// <summary>
    /// Apply the users, vhosts and permissions at every start (created or updated; others in the store stay), like
    /// RabbitMQ's definitions import at boot. Off: they only seed an empty store.
    /// </summary>
    public bool ReapplyAtStart { get; init; }

    internal static AuthSettings From(SettingsReader auth)
    {
        var mechanisms = auth.StringList("mechanisms");
        if (mechanisms.Count == 0) throw auth.Invalid("mechanisms", "at least one SASL mechanism is needed");

        var userNames = new HashSet<string>(StringComparer.Ordinal);
        var userSections = auth.Sections("users");
        var users = new UserSettings[userSections.Count];
        for (int i = 0; i < users.Length; i++)
        {
            users[i] = UserSettings.From(userSections[i]);
            if (!userNames.Add(users[i].Name)) throw userSections[i].Invalid("name", $"user '{users[i].Name}' is defined twice");
        }

        var vhosts = auth.StringList("vhosts");
        var vhostNames = new HashSet<string>(vhosts, StringComparer.Ordinal);
        var permissionSections = auth.Sections("permissions");
        var permissions = new PermissionSettings[permissionSections.Count];
        for (int i = 0; i < permissions.Length; i++)
        {
            var p = PermissionSettings.From(permissionSections[i]);
            if (!userNames.Contains(p.User)) throw permissionSections[i].Invalid("user", $"'{p.User}' is not in fabric.auth.users");
            if (!vhostNames.Contains(p.VirtualHost)) throw permissionSections[i].Invalid("vhost", $"'{p.VirtualHost}' is not in fabric.auth.vhosts");
            permissions[i] = p;
        }
        return new AuthSettings(mechanisms, auth.StringList("loopback-users"), users, vhosts, permissions)
        {
            ReapplyAtStart = auth.Boolean("reapply-at-start"),
        };
    }
}
