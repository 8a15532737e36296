using System.Runtime.CompilerServices;
using Fabric.Actors;
using Fabric.Configuration;
using Fabric.Persistence.Journal;
using Fabric.Persistence.Postgres;
using Fabric.Persistence.Snapshot;
using Fabric.Persistence.Sql;
using Fabric.Persistence.Sqlite;

namespace Fabric.Persistence.Actors;

/// <summary>
/// The persistence of one actor system: its journal, snapshot store and serializers, shared by every
/// <see cref="PersistentActor"/> of the system. Register once before the first persistent actor starts;
/// with <c>ownsStores</c> the stores are disposed when the system has terminated (see <see cref="WhenDisposed"/>).
/// </summary>
public sealed class PersistenceExtension
{
    private static readonly ConditionalWeakTable<ActorSystem, PersistenceExtension> Extensions = new();

    private readonly bool _ownsStores;

    private PersistenceExtension(
        ActorSystem system, IJournal journal, ISnapshotStore snapshots, EventSerializerRegistry serializers, bool ownsStores)
    {
        System = system;
        Journal = journal;
        Snapshots = snapshots;
        Serializers = serializers;
        _ownsStores = ownsStores;
        WhenDisposed = DisposeAfterTerminationAsync();
    }

    public ActorSystem System { get; }

    public IJournal Journal { get; }

    public ISnapshotStore Snapshots { get; }

    public EventSerializerRegistry Serializers { get; }

    /// <summary>Completes when the system has terminated and owned stores are disposed.</summary>
    public Task WhenDisposed { get; }

    /// <summary>Attaches persistence to the system; a second registration for the same system throws.</summary>
    /// <param name="ownsStores">Dispose the journal and snapshot store (when disposable) after the system terminates.</param>
    public static PersistenceExtension Register(
        ActorSystem system,
        IJournal journal,
        ISnapshotStore snapshots,
        EventSerializerRegistry serializers,
        bool ownsStores = true)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(serializers);
        lock (Extensions)
        {
            if (Extensions.TryGetValue(system, out _))
                throw new InvalidOperationException($"Persistence is already registered for {system}.");
            var extension = new PersistenceExtension(system, journal, snapshots, serializers, ownsStores);
            Extensions.Add(system, extension);
            return extension;
        }
    }

    /// <summary>
    /// Opens the store the settings name (SQLite file or PostgreSQL schema) and registers it, owned: it is disposed
    /// after the system terminates. Throws <see cref="PersistenceStartupException"/> when the store is unusable.
    /// </summary>
    public static async Task<PersistenceExtension> OpenAsync(
        ActorSystem system, PersistenceSettings settings, EventSerializerRegistry serializers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SqlStore store = settings.Provider switch
        {
            PersistenceProvider.Postgres => await PostgresStore.OpenAsync(
                new Postgres.PostgresSettings(settings.Postgres.ConnectionString)
                {
                    Schema = settings.Postgres.Schema,
                    MaxBatchSize = settings.GroupCommit.MaxBatch,
                    MaxDelay = settings.GroupCommit.MaxDelay,
                },
                cancellationToken).ConfigureAwait(false),
            _ => SqliteStore.Open(new Sqlite.SqliteSettings(settings.Sqlite.File) {
                MaxBatchSize = settings.GroupCommit.MaxBatch,
                MaxDelay = settings.GroupCommit.MaxDelay,
            }),
        };
        try
        {
            return Register(system, store, store, serializers, ownsStores: true);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The system's persistence; throws when none was registered.</summary>
    public static PersistenceExtension For(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Extensions.TryGetValue(system, out var extension)
            ? extension
            : throw new InvalidOperationException(
                $"No persistence is registered for {system}: call PersistenceExtension.Register(system, journal, snapshots, serializers) first.");
    }

    private async Task DisposeAfterTerminationAsync()
    {
        await System.WhenTerminated.ConfigureAwait(false);
        if (!_ownsStores) return;
        if (Journal is IAsyncDisposable journal) await journal.DisposeAsync().ConfigureAwait(false);
        if (!ReferenceEquals(Snapshots, Journal) && Snapshots is IAsyncDisposable snapshots)
            await snapshots.DisposeAsync().ConfigureAwait(false);
    }
}
