using System.Net;

namespace Fabric.Broker.Contracts;

/// <summary>Users, their passwords, vhost access and permissions (from configuration; later from the store).</summary>
public interface IAccessControl
{
    /// <summary>The user when the password matches; null otherwise.</summary>
    BrokerUser? Authenticate(string userName, string password);

    /// <summary>False for loopback-only users (guest by default) connecting from a non-loopback address.</summary>
    bool IsAllowedFrom(BrokerUser user, IPAddress? remoteAddress);

    bool HasVirtualHostAccess(BrokerUser user, string virtualHost);

    /// <summary>Checks the user's configure / write / read pattern for a resource (exchange or queue name).</summary>
    bool IsPermitted(BrokerUser user, string virtualHost, Permission permission, string resourceName);
}
