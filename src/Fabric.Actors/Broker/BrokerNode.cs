using Fabric.Actors;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Security;
using Fabric.Broker.VirtualHosts;
using Fabric.Configuration;
using Fabric.Persistence;
using Fabric.Persistence.Actors;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker;

/// <summary>
/// The broker of one node: the supervision tree /user/node → /vhost-&lt;name&gt; → /x-&lt;exchange&gt;, /q-&lt;queue&gt;,
/// the vhosts of <c>fabric.auth.vhosts</c> and access control from <c>fabric.auth</c>. Dispose to stop the tree.
/// </summary>
public sealed class BrokerNode : IBroker, IAsyncDisposable
{
    private readonly Dictionary<string, VirtualHost> _virtualHosts;
    private readonly IActorRef _node;
    private readonly Task _stopped;
    private long _lastConnectionId;
    private int _disposed;

    private BrokerNode(FabricSettings settings, ActorSystem system, AccessControl access,
        Dictionary<string, VirtualHost> virtualHosts, IActorRef node, Task stopped)
    {
        Settings = settings;
        System = system;
        Access = access;
        _virtualHosts = virtualHosts;
        _node = node;
        _stopped = stopped;
    }

    public FabricSettings Settings { get; }

    public ActorSystem System { get; }

    public IAccessControl Access { get; }

    /// <summary>The configured vhosts, by name.</summary>
    public IReadOnlyDictionary<string, VirtualHost> VirtualHosts => _virtualHosts;

    /// <summary>
    /// Starts the broker with persistence: opens the store of <c>fabric.persistence</c> (unless the system has one
    /// registered already) and recovers every vhost's durable topology before returning.
    /// </summary>
    public static Task<BrokerNode> StartAsync(FabricSettings settings, ActorSystem system,
        ILoggerFactory? loggers = null, CancellationToken ct = default) =>
        StartAsync(settings, system, persistent: true, loggers, ct);

    /// <summary>Starts the broker; without <paramref name="persistent"/> nothing touches a store (unit tests).</summary>
    internal static async Task<BrokerNode> StartAsync(FabricSettings settings, ActorSystem system, bool persistent,
        ILoggerFactory? loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(system);
        var persistence = persistent ? await BrokerPersistence.OpenAsync(system, settings.Persistence, ct).ConfigureAwait(false) : null;
        var access = new AccessControl(settings.Auth);
        var askTimeout = settings.Actors.AskTimeout;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = system.ActorOf(Props.Create(() => new BrokerNodeActor(loggers, stopped)), "node");
        var virtualHosts = new Dictionary<string, VirtualHost>(StringComparer.Ordinal);
        try
        {
            foreach (var name in settings.Auth.VirtualHosts)
            {
                if (virtualHosts.ContainsKey(name)) continue;
                var vhost = new VirtualHost(name, askTimeout);
                var topology = persistence is null ? null : await RecoverAsync(persistence, settings.Persistence, name, loggers, ct).ConfigureAwait(false);
                vhost.Actor = await node.Ask<IActorRef>(new BrokerNodeActor.StartVirtualHost(vhost, topology), askTimeout, ct)
                    .ConfigureAwait(false);
                await vhost.Actor.Ask(VirtualHostReady.Instance, askTimeout, ct).ConfigureAwait(false);
                virtualHosts[name] = vhost;
            }
        }
        catch
        {
            system.Stop(node);
            throw;
        }
        return new BrokerNode(settings, system, access, virtualHosts, node, stopped.Task);
    }

    /// <summary>Reads a vhost's durable topology and queues; a corrupt store fails naming the store and what is wrong.</summary>
    private static async Task<TopologyJournal> RecoverAsync(PersistenceExtension persistence, PersistenceSettings settings,
        string vhost, ILoggerFactory? loggers, CancellationToken ct)
    {
        try
        {
            var logger = loggers?.CreateLogger("Fabric.Broker.Recovery");
            return await TopologyJournal.OpenAsync(persistence, vhost, logger, ct).ConfigureAwait(false);
        }
        catch (EventFormatException e)
        {
            var store = settings.Provider == PersistenceProvider.Postgres
                ? $"PostgreSQL schema '{settings.Postgres.Schema}'"
                : $"SQLite file '{settings.Sqlite.File}'";
            throw new PersistenceStartupException($"Recovery of vhost '{vhost}' from {store} failed: {e.Message}", e);
        }
    }

    public IVirtualHost? FindVirtualHost(string name) => _virtualHosts.GetValueOrDefault(name);

    public long NextConnectionId() => Interlocked.Increment(ref _lastConnectionId);

    /// <summary>Stops the broker's actors (queues and exchanges first, then the vhosts, then the node).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        System.Stop(_node);
        try
        {
            await _stopped.WaitAsync(System.Settings.ShutdownTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The actor system's own shutdown finishes the job.
        }
    }
}
