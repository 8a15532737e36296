using Fabric.Actors.Tests.DurableBroker;
using Fabric.Actors.Tests.Persistence;
using Fabric.Actors.Tests.PersistentActors;
using Fabric.Broker;
using Fabric.Broker.Durability;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.Broker.Security;

public sealed class SecurityStoreFailureTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_store_failure_or_rejection_fails_the_change_at_once_and_the_next_change_works()
    {
        using var file = new TempDatabaseFile();
        await using (var store = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path)))
        {
            var journal = new ControlledJournal(store);
            await using var kit = new TestKit.TestKit(systemName: "security-failure");
            PersistenceExtension.Register(kit.Sys, journal, store, BrokerPersistence.Serializers(), ownsStores: false);
            var broker = await BrokerNode.StartAsync(DurableNode.Settings(file.Path), kit.Sys);
            try
            {
                await broker.Admin.AddUserAsync("before", "pw", []);
                journal.FailNext(1);
                var failure = await Assert.ThrowsAsync<IOException>(() => broker.Admin.AddUserAsync("lost", "pw", []).WaitAsync(Long));
                Assert.Contains("injected", failure.Message);
                Assert.DoesNotContain(broker.Admin.ListUsers(), u => u.Name == "lost");

                journal.RejectNext(1);
                await Assert.ThrowsAsync<Fabric.Persistence.Journal.AtomicWriteRejectedException>(
                    () => broker.Admin.AddUserAsync("rejected", "pw", []).WaitAsync(Long));
                Assert.DoesNotContain(broker.Admin.ListUsers(), u => u.Name == "rejected");

                await broker.Admin.AddUserAsync("after", "pw", []).WaitAsync(Long);
                Assert.Equal(["after", "before", "guest"], broker.Admin.ListUsers().Select(u => u.Name));
            }
            finally
            {
                await broker.DisposeAsync();
                await kit.Sys.Terminate().WaitAsync(Long);
            }
        }

        await using var node = await DurableNode.StartAsync(file.Path);
        Assert.Equal(["after", "before", "guest"], node.Broker.Admin.ListUsers().Select(u => u.Name));
    }
}
