using Fabric.Actors.Tests.Persistence;
using Fabric.Persistence.Sql;
using Fabric.Persistence.Sqlite;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.PersistentActors;

public sealed class SqlitePersistentActorTests(ITestOutputHelper output) : PersistentActorTests(output)
{
    private readonly TempDatabaseFile _file = new();

    private protected override Task<SqlStore> OpenStoreAsync() =>
        Task.FromResult<SqlStore>(SqliteStore.Open(new SqliteSettings(_file.Path)));

    protected override Task CleanupAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}
