using System.Net;
using Fabric.Broker.Contracts;
using Fabric.Broker.Security;
using Fabric.Configuration;
using Xunit;

namespace Fabric.Actors.Tests.Broker;

public sealed class AccessControlTests
{
    private static readonly AuthSettings Auth = new(
        Mechanisms: ["PLAIN"],
        LoopbackUsers: ["guest"],
        Users:
        [
            new UserSettings("guest", "guest", ["administrator"]),
            new UserSettings("app", "s3cret", []),
            new UserSettings("nobody", "pw", []),
        ],
        VirtualHosts: ["/", "apps"],
        Permissions:
        [
            new PermissionSettings("guest", "/", ".*", ".*", ".*"),
            new PermissionSettings("app", "apps", "^app\\.", "^(app\\.|amq\\.default$)", ""),
        ]);

    private readonly AccessControl _access = new(Auth);

    [Fact]
    public void Authenticates_only_with_the_right_password()
    {
        var guest = _access.Authenticate("guest", "guest");
        Assert.NotNull(guest);
        Assert.Equal(("guest", "administrator"), (guest.Name, Assert.Single(guest.Tags)));
        Assert.Null(_access.Authenticate("guest", "Guest"));
        Assert.Null(_access.Authenticate("guest", ""));
        Assert.Null(_access.Authenticate("stranger", "guest"));
        Assert.NotNull(_access.Authenticate("app", "s3cret"));
    }

    [Fact]
    public void Loopback_users_may_only_come_from_loopback()
    {
        var guest = _access.Authenticate("guest", "guest")!;
        var app = _access.Authenticate("app", "s3cret")!;
        Assert.True(_access.IsAllowedFrom(guest, IPAddress.Loopback));
        Assert.True(_access.IsAllowedFrom(guest, IPAddress.IPv6Loopback));
        Assert.True(_access.IsAllowedFrom(guest, IPAddress.Loopback.MapToIPv6()));
        Assert.False(_access.IsAllowedFrom(guest, IPAddress.Parse("10.1.2.3")));
        Assert.True(_access.IsAllowedFrom(app, IPAddress.Parse("10.1.2.3")));
    }

    [Fact]
    public void Vhost_access_needs_a_permission_entry()
    {
        var app = _access.Authenticate("app", "s3cret")!;
        var nobody = _access.Authenticate("nobody", "pw")!;
        Assert.True(_access.HasVirtualHostAccess(app, "apps"));
        Assert.False(_access.HasVirtualHostAccess(app, "/"));
        Assert.False(_access.HasVirtualHostAccess(nobody, "apps"));
    }

    [Fact]
    public void Permissions_are_regular_expressions_per_kind_and_empty_grants_nothing()
    {
        var app = _access.Authenticate("app", "s3cret")!;
        Assert.True(_access.IsPermitted(app, "apps", Permission.Configure, "app.q"));
        Assert.False(_access.IsPermitted(app, "apps", Permission.Configure, "other"));
        Assert.True(_access.IsPermitted(app, "apps", Permission.Write, ""));  // the default exchange, as amq.default
        Assert.False(_access.IsPermitted(app, "apps", Permission.Read, "app.q"));
        Assert.False(_access.IsPermitted(app, "/", Permission.Configure, "app.q"));
    }
}
