using Fabric.Broker.Contracts;
using Fabric.Broker.Security;
using Fabric.Broker.Security.Events;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Fabric.Actors.Tests.Broker.Security;

/// <summary>
/// Random change sequences against a plain model of RabbitMQ's rules: the same changes are refused, the same
/// definitions result (cascades included), and a snapshot restores exactly what it was taken of.
/// </summary>
public sealed class SecurityDefinitionsModelTests
{
    private static readonly string[] Names = ["a", "b", "c"];
    private static readonly string[] Patterns = [".*", "^x", "", "("];

    private static readonly Gen<ISecurityEvent> Change =
        from kind in Gen.Choose(0, 7)
        from user in Gen.Elements(Names)
        from vhost in Gen.Elements(Names)
        from pattern in Gen.Elements(Patterns)
        select kind switch
        {
            0 => (ISecurityEvent)new UserAdded(user, new byte[16], new byte[32], [vhost]),
            1 => new UserDeleted(user),
            2 => new UserTagsSet(user, [vhost, "t"]),
            3 => new VirtualHostAdded(vhost),
            4 => new VirtualHostDeleted(vhost),
            5 => new PermissionsSet(user, vhost, pattern, ".*", "^r"),
            6 => new PermissionsCleared(user, vhost),
            _ => new PasswordChanged(user, new byte[8], new byte[32]),
        };

    [Fact]
    public void Definitions_follow_the_model_and_snapshots_restore_them()
    {
        Prop.ForAll(Gen.ListOf(Change).ToArbitrary(), changes =>
        {
            var definitions = new SecurityDefinitions();
            var users = new Dictionary<string, string[]>();
            var vhosts = new HashSet<string>();
            var permissions = new Dictionary<(string, string), string>();
            foreach (var change in changes)
            {
                var expected = Expect(change, users, vhosts);
                Assert.Equal(expected, definitions.Check(change)?.Error);
                if (expected is not null) continue;
                definitions.Apply(change);
                ApplyToModel(change, users, vhosts, permissions);
            }

            var state = definitions.ToState();
            Assert.Equal(users.Keys.Order(StringComparer.Ordinal), state.Users().Select(u => u.Name));
            foreach (var user in state.Users()) Assert.Equal(users[user.Name], user.Tags);
            Assert.Equal(vhosts.Order(StringComparer.Ordinal), state.VirtualHosts());
            Assert.Equal(permissions.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .Select(p => (p.Key.Item1, p.Key.Item2, p.Value)), state.Permissions().Select(p => (p.User, p.VirtualHost, p.Configure)));

            var restored = new SecurityDefinitions();
            restored.Restore(definitions.ToSnapshot());
            var again = restored.ToState();
            Assert.Equal(state.Users().Select(u => (u.Name, string.Join(",", u.Tags))), again.Users().Select(u => (u.Name, string.Join(",", u.Tags))));
            Assert.Equal(state.VirtualHosts(), again.VirtualHosts());
            Assert.Equal(state.Permissions(), again.Permissions());
        }).QuickCheckThrowOnFailure();
    }

    private static AdminError? Expect(ISecurityEvent change, Dictionary<string, string[]> users, HashSet<string> vhosts)
    {
        AdminError? User(string name) => users.ContainsKey(name) ? null : AdminError.NoSuchUser;
        AdminError? VirtualHost(string name) => vhosts.Contains(name) ? null : AdminError.NoSuchVirtualHost;
        return change switch
        {
            UserAdded u => users.ContainsKey(u.Name) ? AdminError.UserExists : null,
            UserDeleted u => User(u.Name),
            UserTagsSet u => User(u.Name),
            PasswordChanged u => User(u.Name),
            VirtualHostAdded v => vhosts.Contains(v.Name) ? AdminError.VirtualHostExists : null,
            VirtualHostDeleted v => VirtualHost(v.Name),
            PermissionsSet p => User(p.User) ?? VirtualHost(p.VirtualHost) ?? (p.Configure == "(" ? AdminError.InvalidArgument : null),
            PermissionsCleared p => User(p.User) ?? VirtualHost(p.VirtualHost),
            _ => throw new InvalidOperationException(),
        };
    }

    private static void ApplyToModel(ISecurityEvent change, Dictionary<string, string[]> users, HashSet<string> vhosts,
        Dictionary<(string, string), string> permissions)
    {
        switch (change)
        {
            case UserAdded u: users[u.Name] = u.Tags.ToArray(); break;
            case UserDeleted u:
                users.Remove(u.Name);
                foreach (var key in permissions.Keys.Where(k => k.Item1 == u.Name).ToList()) permissions.Remove(key);
                break;
            case UserTagsSet u: users[u.Name] = u.Tags.ToArray(); break;
            case VirtualHostAdded v: vhosts.Add(v.Name); break;
            case VirtualHostDeleted v:
                vhosts.Remove(v.Name);
                foreach (var key in permissions.Keys.Where(k => k.Item2 == v.Name).ToList()) permissions.Remove(key);
                break;
            case PermissionsSet p: permissions[(p.User, p.VirtualHost)] = p.Configure; break;
            case PermissionsCleared p: permissions.Remove((p.User, p.VirtualHost)); break;
        }
    }
}
