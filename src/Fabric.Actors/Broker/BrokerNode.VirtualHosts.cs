using Fabric.Actors;
using Fabric.Broker.Durability;
using Fabric.Broker.Security;
using Fabric.Broker.VirtualHosts;
using Fabric.Persistence;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Snapshot;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker;

/// <summary>Vhosts started at node start or added at runtime, and stopped with their data deleted.</summary>
public sealed partial class BrokerNode
{
    /// <summary>Recovers the vhost's durable topology and queues, starts its actor and makes it findable.</summary>
    internal async Task StartVirtualHostAsync(string name, CancellationToken ct)
    {
        var askTimeout = Settings.Actors.AskTimeout;
        var vhost = new VirtualHost(name, askTimeout) { Access = AccessControl };
        var topology = _persistence is null ? null : await RecoverAsync(_persistence, name, ct).ConfigureAwait(false);
        vhost.Actor = await _node.Ask<IActorRef>(new BrokerNodeActor.StartVirtualHost(vhost, topology), askTimeout, ct)
            .ConfigureAwait(false);
        await vhost.Actor.Ask(VirtualHostReady.Instance, askTimeout, ct).ConfigureAwait(false);
        _virtualHosts[name] = vhost;
    }

    /// <summary>
    /// Makes the vhost unfindable, closes its connections (320), stops its actor (exchanges and queues first) and
    /// deletes its durable topology and queues from the store.
    /// </summary>
    internal async Task StopVirtualHostAsync(string name, CancellationToken ct)
    {
        if (_virtualHosts.TryRemove(name, out var vhost))
        {
            CloseConnections(name, null, $"vhost '{name}' is deleted");
            await _node.Ask<Terminated>(new BrokerNodeActor.StopVirtualHost(vhost.Actor), Settings.Actors.AskTimeout, ct)
                .ConfigureAwait(false);
        }
        if (_persistence is not null) await DeleteVirtualHostDataAsync(_persistence, name).ConfigureAwait(false);
        _logger?.LogInformation("vhost '{VirtualHost}' deleted", name);
    }

    /// <summary>Reads a vhost's durable topology and queues; a corrupt store fails naming the store and what is wrong.</summary>
    private async Task<TopologyJournal> RecoverAsync(PersistenceExtension persistence, string vhost, CancellationToken ct)
    {
        try
        {
            var logger = _loggers?.CreateLogger("Fabric.Broker.Recovery");
            return await TopologyJournal.OpenAsync(persistence, vhost, logger, ct).ConfigureAwait(false);
        }
        catch (EventFormatException e)
        {
            throw new PersistenceStartupException(
                $"Recovery of vhost '{vhost}' from {StoreName(Settings.Persistence)} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// A crash between a vhost's deletion and the deletion of its data leaves topology events of a vhost that no
    /// longer exists: they (and its queues) are deleted at the next start.
    /// </summary>
    private async Task PurgeDeletedVirtualHostsAsync(SecurityState state, CancellationToken ct)
    {
        if (_persistence is null) return;
        var prefix = TopologyJournal.PersistenceIdOf("");
        foreach (var id in await _persistence.Journal.ReadPersistenceIdsAsync(prefix).ConfigureAwait(false))
        {
            var name = id[prefix.Length..];
            if (state.HasVirtualHost(name)) continue;
            var hasEvents = false;
            await _persistence.Journal.ReplayAsync(id, 1, long.MaxValue, 1, _ => hasEvents = true, ct).ConfigureAwait(false);
            if (!hasEvents) continue;
            _logger?.LogWarning("Deleting the stored topology and messages of vhost '{VirtualHost}', which was deleted", name);
            await DeleteVirtualHostDataAsync(_persistence, name).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the journals and snapshots of the vhost's queues, then of its topology (last: it marks the rest).</summary>
    private static async Task DeleteVirtualHostDataAsync(PersistenceExtension persistence, string vhost)
    {
        var prefix = QueueStore.PersistenceIdOf(vhost, "");
        var deletes = new List<Task>();
        foreach (var id in await persistence.Journal.ReadPersistenceIdsAsync(prefix).ConfigureAwait(false))
            deletes.Add(DeleteAllAsync(persistence, id));
        await Task.WhenAll(deletes).ConfigureAwait(false);
        await DeleteAllAsync(persistence, TopologyJournal.PersistenceIdOf(vhost)).ConfigureAwait(false);
    }

    // Deleting to long.MaxValue marks the real highest sequence number: a later entity of the name continues after it.
    private static async Task DeleteAllAsync(PersistenceExtension persistence, string persistenceId)
    {
        await persistence.Snapshots.DeleteAsync(persistenceId, SnapshotSelectionCriteria.Latest).ConfigureAwait(false);
        await persistence.Journal.DeleteToAsync(persistenceId, long.MaxValue).ConfigureAwait(false);
    }
}
