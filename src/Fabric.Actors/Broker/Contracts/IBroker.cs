using Fabric.Actors;
using Fabric.Configuration;

namespace Fabric.Broker.Contracts;

/// <summary>The broker of one node, as connections see it.</summary>
public interface IBroker
{
    FabricSettings Settings { get; }

    ActorSystem System { get; }

    IAccessControl Access { get; }

    IVirtualHost? FindVirtualHost(string name);

    /// <summary>A node-unique connection id (exclusive-queue ownership, channel keys).</summary>
    long NextConnectionId();

    /// <summary>A connection opened a vhost: the node tracks it, to close it when its vhost or user is deleted.</summary>
    void SessionOpened(SessionInfo session) { }

    /// <summary>The connection of an opened session has ended.</summary>
    void SessionClosed(SessionInfo session) { }
}
