using System.Collections.Concurrent;
using Fabric.Actors;
using Fabric.Broker.Connections;
using Fabric.Broker.Contracts;

namespace Fabric.Broker;

/// <summary>The open connections by id, so that deleting a vhost or user can close theirs (320 CONNECTION_FORCED).</summary>
public sealed partial class BrokerNode
{
    private readonly ConcurrentDictionary<long, SessionInfo> _sessions = new();

    public void SessionOpened(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _sessions[session.ConnectionId] = session;
        // Deleted while this connection was opening: the deletion's sweep may have run before it was registered.
        if (!_virtualHosts.ContainsKey(session.VirtualHost))
            ForceClose(session, $"vhost '{session.VirtualHost}' is deleted");
        else if (AccessControl.State.FindUser(session.User.Name) is null)
            ForceClose(session, $"user '{session.User.Name}' is deleted");
    }

    public void SessionClosed(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _sessions.TryRemove(KeyValuePair.Create(session.ConnectionId, session));
    }

    /// <summary>Closes the connections of a vhost and/or a user (null: any); returns how many were told.</summary>
    internal int CloseConnections(string? virtualHost, string? user, string reason)
    {
        var closed = 0;
        foreach (var session in _sessions.Values)
        {
            if (virtualHost is not null && session.VirtualHost != virtualHost) continue;
            if (user is not null && session.User.Name != user) continue;
            ForceClose(session, reason);
            closed++;
        }
        return closed;
    }

    private static void ForceClose(SessionInfo session, string reason) =>
        session.Connection.Tell(new ForceClose(reason), ActorRefs.Nobody);
}
