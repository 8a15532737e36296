using System.Net;
using Fabric.Broker.Contracts;

namespace Fabric.Actors.Tests.Connections;

/// <summary>guest/guest (loopback only) with full access to "/"; "limited" may only write to exchanges named "ok*".</summary>
internal sealed class FakeAccessControl : IAccessControl
{
    public BrokerUser? Authenticate(string userName, string password) => (userName, password) switch
    {
        ("guest", "guest") => new BrokerUser("guest", ["administrator"]),
        ("limited", "secret") => new BrokerUser("limited", []),
        _ => null,
    };

    public bool IsAllowedFrom(BrokerUser user, IPAddress? remoteAddress) =>
        user.Name != "guest" || remoteAddress is null || IPAddress.IsLoopback(remoteAddress);

    public bool HasVirtualHostAccess(BrokerUser user, string virtualHost) => virtualHost == "/";

    public bool IsPermitted(BrokerUser user, string virtualHost, Permission permission, string resourceName) =>
        user.Name == "guest" || (permission != Permission.Configure && resourceName.StartsWith("ok", StringComparison.Ordinal));
}
