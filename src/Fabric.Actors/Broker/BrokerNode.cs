using System.Collections.Concurrent;
using Fabric.Actors;
using Fabric.Broker.Contracts;
using Fabric.Broker.Durability;
using Fabric.Broker.Security;
using Fabric.Broker.Security.Actors;
using Fabric.Broker.Security.Admin;
using Fabric.Broker.VirtualHosts;
using Fabric.Configuration;
using Fabric.Persistence;
using Fabric.Persistence.Actors;
using Microsoft.Extensions.Logging;

namespace Fabric.Broker;

/// <summary>
/// The broker of one node: the supervision tree /user/node → /security, /vhost-&lt;name&gt; → /x-&lt;exchange&gt;,
/// /q-&lt;queue&gt;. Users, vhosts and permissions live in the security actor (seeded from <c>fabric.auth</c> at first
/// start, from the store afterwards) and change at runtime through <see cref="Admin"/>. Dispose to stop the tree.
/// </summary>
public sealed partial class BrokerNode : IBroker, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, VirtualHost> _virtualHosts = new(StringComparer.Ordinal);
    private readonly PersistenceExtension? _persistence;
    private readonly ILoggerFactory? _loggers;
    private readonly ILogger? _logger;
    private readonly IActorRef _node;
    private readonly Task _stopped;
    private long _lastConnectionId;
    private int _disposed;

    private BrokerNode(FabricSettings settings, ActorSystem system, PersistenceExtension? persistence,
        ILoggerFactory? loggers, IActorRef node, Task stopped)
    {
        Settings = settings;
        System = system;
        _persistence = persistence;
        _loggers = loggers;
        _logger = loggers?.CreateLogger("Fabric.Broker.Node");
        _node = node;
        _stopped = stopped;
        AccessControl = new AccessControl(settings.Auth.LoopbackUsers);
    }

    public FabricSettings Settings { get; }

    public ActorSystem System { get; }

    public IAccessControl Access => AccessControl;

    internal AccessControl AccessControl { get; }

    /// <summary>Runtime administration of users, vhosts and permissions.</summary>
    public IBrokerAdmin Admin { get; private set; } = null!;

    /// <summary>The running vhosts, by name.</summary>
    public IReadOnlyDictionary<string, VirtualHost> VirtualHosts => _virtualHosts;

    /// <summary>
    /// Starts the broker with persistence: opens the store of <c>fabric.persistence</c> (unless the system has one
    /// registered already), recovers the security definitions and every vhost's durable topology before returning.
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
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var nodeActor = system.ActorOf(Props.Create(() => new BrokerNodeActor(loggers, stopped)), "node");
        var node = new BrokerNode(settings, system, persistence, loggers, nodeActor, stopped.Task);
        try
        {
            await node.StartSecurityAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            system.Stop(nodeActor);
            throw;
        }
        node.StartIdleSweep();
        return node;
    }

    /// <summary>Starts the security actor, waits for its recovery (or seeding), then starts the vhosts it defines.</summary>
    private async Task StartSecurityAsync(CancellationToken ct)
    {
        var askTimeout = Settings.Actors.AskTimeout;
        var access = AccessControl;
        var auth = Settings.Auth;
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var props = _persistence is null
            ? Props.Create(() => new TransientSecurityActor(access, auth))
            : Props.Create(() => new SecurityActor(access, auth, Settings.Persistence.SnapshotAfter, failed));
        var security = await _node.Ask<IActorRef>(new BrokerNodeActor.StartSecurity(props), askTimeout, ct).ConfigureAwait(false);
        var ask = security.Ask<SecurityRecovered>(GetSecurityState.Instance, askTimeout, ct);
        if (await Task.WhenAny(ask, failed.Task).ConfigureAwait(false) != ask)
        {
            var cause = await failed.Task.ConfigureAwait(false);
            throw new PersistenceStartupException(
                $"Recovery of users, vhosts and permissions (persistence id '{SecurityActor.Id}') from {StoreName(Settings.Persistence)} failed: {cause.Message}",
                cause);
        }
        var recovered = await ask.ConfigureAwait(false);
        Admin = new BrokerAdmin(this, security);
        if (!recovered.Seeded) await PurgeDeletedVirtualHostsAsync(recovered.State, ct).ConfigureAwait(false);
        foreach (var name in recovered.State.VirtualHosts())
            await StartVirtualHostAsync(name, ct).ConfigureAwait(false);
    }

    private static string StoreName(PersistenceSettings settings) => settings.Provider == PersistenceProvider.Postgres
        ? $"PostgreSQL schema '{settings.Postgres.Schema}'"
        : $"SQLite file '{settings.Sqlite.File}'";

    public IVirtualHost? FindVirtualHost(string name) => _virtualHosts.GetValueOrDefault(name);

    public long NextConnectionId() => Interlocked.Increment(ref _lastConnectionId);

    /// <summary>Stops the broker's actors (queues and exchanges first, then the vhosts, then the node).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_idleSweep is not null) await _idleSweep.DisposeAsync().ConfigureAwait(false);
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
