using Fabric.Actors.Tests.Persistence;
using Fabric.Configuration;
using Fabric.Persistence.Actors;
using Fabric.Persistence.Sqlite;
using Xunit;

namespace Fabric.Actors.Tests.PersistentActors;

public sealed class PersistenceExtensionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_store_opened_from_settings_serves_actors_and_is_disposed_with_the_system()
    {
        using var file = new TempDatabaseFile();
        var settings = new PersistenceSettings(PersistenceProvider.Sqlite, new Configuration.SqliteSettings(file.Path),
            new PostgresSettings("", "fabric"), new GroupCommitSettings(100, TimeSpan.Zero), 0);
        await using (var kit = new TestKit.TestKit(systemName: "ext"))
        {
            var persistence = await PersistenceExtension.OpenAsync(kit.Sys, settings,
                new EventSerializerRegistry().Add(PrimitiveEventSerializer.Instance));
            Assert.Same(persistence, PersistenceExtension.For(kit.Sys));
            var actor = kit.Sys.ActorOf(Props.Create(() => new EventLogActor("ext-1", kit.TestActor)));
            kit.ExpectMsg<Recovered>(Patience);
            kit.Send(actor, new PersistOne("a"));
            Assert.Equal(new Persisted("a", 1), kit.ExpectMsg<Persisted>(Patience));

            await kit.Sys.Terminate().WaitAsync(Patience);
            await persistence.WhenDisposed.WaitAsync(Patience);
        }

        // Disposed means closed: the file opens again and holds the event.
        await using var reopened = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path));
        Assert.Equal(1, await reopened.ReadHighestSequenceNrAsync("ext-1"));
    }

    [Fact]
    public async Task Registering_twice_or_using_an_unregistered_system_is_a_clear_error()
    {
        using var file = new TempDatabaseFile();
        await using var store = SqliteStore.Open(new Fabric.Persistence.Sqlite.SqliteSettings(file.Path));
        await using var kit = new TestKit.TestKit(systemName: "twice");
        var missing = Assert.Throws<InvalidOperationException>(() => PersistenceExtension.For(kit.Sys));
        Assert.Contains("PersistenceExtension.Register", missing.Message);

        var serializers = new EventSerializerRegistry();
        PersistenceExtension.Register(kit.Sys, store, store, serializers, ownsStores: false);
        Assert.Throws<InvalidOperationException>(() => PersistenceExtension.Register(kit.Sys, store, store, serializers));
    }

    [Fact]
    public void The_registry_picks_serializers_by_type_and_manifest()
    {
        var registry = new EventSerializerRegistry().Add(PrimitiveEventSerializer.Instance);
        var bytes = registry.ToBinary(42L, out var manifest);
        Assert.Equal(PrimitiveEventSerializer.Int64Manifest, manifest);
        Assert.Equal(42L, registry.FromBinary(manifest, bytes));
        Assert.Equal("héllo", registry.FromBinary(PrimitiveEventSerializer.StringManifest, registry.ToBinary("héllo", out _)));

        Assert.Throws<ArgumentException>(() => registry.Add(PrimitiveEventSerializer.Instance));
        Assert.Contains("System.Guid", Assert.Throws<InvalidOperationException>(() => registry.ToBinary(Guid.Empty, out _)).Message);
        Assert.Contains("'nope'", Assert.Throws<InvalidOperationException>(() => registry.FromBinary("nope", Array.Empty<byte>())).Message);
    }
}
