using Fabric.Actors.Tests.Persistence;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Sql;
using Fabric.Persistence.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.PersistentActors;

/// <summary>
/// A test kit whose system has persistence: a store (SQLite in a temp dir unless overridden) behind a
/// <see cref="ControlledJournal"/>, closed and removed after the system terminated.
/// </summary>
public abstract class PersistenceTestKit : TestKit.TestKit, IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDatabaseFile _file = new();

    private protected SqlStore Store { get; private set; } = null!;

    private protected ControlledJournal Journal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await OpenStoreAsync();
        Journal = new ControlledJournal(Store);
        PersistenceExtension.Register(Sys, Journal, Store, Serializers(), ownsStores: false);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Sys.Terminate().WaitAsync(Patience);
        if (Store is { } store) await store.DisposeAsync(); // null when the store could not be opened
        await CleanupAsync();
        _file.Dispose();
    }

    private protected virtual Task<SqlStore> OpenStoreAsync() =>
        Task.FromResult<SqlStore>(SqliteStore.Open(new SqliteSettings(_file.Path)));

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    private protected virtual EventSerializerRegistry Serializers() =>
        new EventSerializerRegistry().Add(PrimitiveEventSerializer.Instance);
}
