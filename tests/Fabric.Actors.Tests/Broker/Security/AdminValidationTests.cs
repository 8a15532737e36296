using Fabric.Broker.Contracts;
using Xunit;

namespace Fabric.Actors.Tests.Broker.Security;

/// <summary>RabbitMQ's rules for admin changes, on a node without a store (the same actor logic decides).</summary>
public sealed class AdminValidationTests : BrokerTestBase
{
    private IBrokerAdmin Admin => Broker.Admin;

    private async Task<AdminError> RefusedAsync(Func<Task> change)
    {
        var before = (Admin.ListUsers(), Admin.ListVirtualHosts(), Admin.ListPermissions());
        var error = await Assert.ThrowsAsync<BrokerAdminException>(change);
        Assert.Equal(before.Item1, Admin.ListUsers());
        Assert.Equal(before.Item2, Admin.ListVirtualHosts());
        Assert.Equal(before.Item3, Admin.ListPermissions());
        return error.Error;
    }

    [Fact]
    public async Task Permissions_need_a_known_user_a_known_vhost_and_valid_regular_expressions()
    {
        Assert.Equal(AdminError.NoSuchUser, await RefusedAsync(() => Admin.SetPermissionsAsync("nobody", "/", ".*", ".*", ".*")));
        Assert.Equal(AdminError.NoSuchVirtualHost, await RefusedAsync(() => Admin.SetPermissionsAsync("guest", "nowhere", ".*", ".*", ".*")));
        Assert.Equal(AdminError.InvalidArgument, await RefusedAsync(() => Admin.SetPermissionsAsync("guest", "/", "(", ".*", ".*")));
        Assert.Equal(AdminError.InvalidArgument, await RefusedAsync(() => Admin.SetPermissionsAsync("guest", "/", ".*", "[a-", ".*")));
        Assert.Equal(AdminError.InvalidArgument, await RefusedAsync(() => Admin.SetPermissionsAsync("guest", "/", ".*", ".*", "*")));
        Assert.Equal(AdminError.NoSuchUser, await RefusedAsync(() => Admin.ClearPermissionsAsync("nobody", "/")));
        Assert.Equal(AdminError.NoSuchVirtualHost, await RefusedAsync(() => Admin.ClearPermissionsAsync("guest", "nowhere")));

        await Admin.SetPermissionsAsync("guest", "/", "", "^w", "^r");
        Assert.Equal([new PermissionEntry("guest", "/", "", "^w", "^r")], Admin.ListPermissions());
        Assert.False(Broker.Access.IsPermitted(Admin.ListUsers()[0], "/", Permission.Configure, "anything"));
        Assert.True(Broker.Access.IsPermitted(Admin.ListUsers()[0], "/", Permission.Write, "wx"));
        Assert.False(Broker.Access.IsPermitted(Admin.ListUsers()[0], "/", Permission.Read, "wx"));
    }

    [Fact]
    public async Task Existing_names_missing_users_and_empty_names_are_refused()
    {
        Assert.Equal(AdminError.UserExists, await RefusedAsync(() => Admin.AddUserAsync("guest", "x", [])));
        Assert.Equal(AdminError.VirtualHostExists, await RefusedAsync(() => Admin.AddVirtualHostAsync("/")));
        Assert.Equal(AdminError.NoSuchUser, await RefusedAsync(() => Admin.DeleteUserAsync("nobody")));
        Assert.Equal(AdminError.NoSuchUser, await RefusedAsync(() => Admin.ChangePasswordAsync("nobody", "x")));
        Assert.Equal(AdminError.NoSuchUser, await RefusedAsync(() => Admin.SetUserTagsAsync("nobody", ["a"])));
        Assert.Equal(AdminError.NoSuchVirtualHost, await RefusedAsync(() => Admin.DeleteVirtualHostAsync("nowhere")));
        Assert.Equal(AdminError.InvalidArgument, await RefusedAsync(() => Admin.AddUserAsync("", "x", [])));
        Assert.Equal(AdminError.InvalidArgument, await RefusedAsync(() => Admin.AddVirtualHostAsync("")));
        Assert.Null(Broker.FindVirtualHost(""));
    }

    [Fact]
    public async Task Deleting_a_user_or_a_vhost_drops_the_permissions_that_name_it()
    {
        await Admin.AddUserAsync("u", "pw", [" admin ", "admin", ""]);
        Assert.Equal(["admin"], Admin.ListUsers().Single(u => u.Name == "u").Tags);
        await Admin.AddVirtualHostAsync("v");
        await Admin.SetPermissionsAsync("u", "/", ".*", ".*", ".*");
        await Admin.SetPermissionsAsync("u", "v", ".*", ".*", ".*");
        await Admin.SetPermissionsAsync("guest", "v", ".*", ".*", ".*");

        await Admin.DeleteVirtualHostAsync("v");
        Assert.Equal([("guest", "/"), ("u", "/")], Admin.ListPermissions().Select(p => (p.User, p.VirtualHost)));

        await Admin.DeleteUserAsync("u");
        Assert.Equal([("guest", "/")], Admin.ListPermissions().Select(p => (p.User, p.VirtualHost)));
        Assert.Null(Broker.Access.Authenticate("u", "pw"));

        // Names come back empty-handed.
        await Admin.AddUserAsync("u", "pw", []);
        await Admin.AddVirtualHostAsync("v");
        Assert.Equal([("guest", "/")], Admin.ListPermissions().Select(p => (p.User, p.VirtualHost)));
        Assert.NotNull(Broker.Access.Authenticate("u", "pw"));
        Assert.NotNull(Broker.FindVirtualHost("v"));
    }

    [Fact]
    public async Task Clearing_permissions_denies_new_operations_at_once()
    {
        var guest = Broker.Access.Authenticate("guest", "guest")!;
        Assert.True(Broker.Access.IsPermitted(guest, "/", Permission.Configure, "q"));
        await Admin.ClearPermissionsAsync("guest", "/");
        Assert.False(Broker.Access.IsPermitted(guest, "/", Permission.Configure, "q"));
        Assert.False(Broker.Access.HasVirtualHostAccess(guest, "/"));
        await Admin.ClearPermissionsAsync("guest", "/"); // clearing nothing is fine, as in RabbitMQ
    }
}
