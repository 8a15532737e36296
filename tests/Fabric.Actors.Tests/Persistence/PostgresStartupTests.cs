using Fabric.Persistence;
using Fabric.Persistence.Postgres;
using Xunit;

namespace Fabric.Actors.Tests.Persistence;

/// <summary>Startup failures that need no server.</summary>
public sealed class PostgresStartupTests
{
    [Fact]
    public async Task An_unreachable_server_is_a_startup_error_naming_host_and_database()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var settings = new PostgresSettings("Host=127.0.0.1;Port=1;Username=nobody;Database=fabric_nowhere;Timeout=5");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => PostgresStore.OpenAsync(settings));

        Assert.Contains("127.0.0.1", error.Message);
        Assert.Contains("fabric_nowhere", error.Message);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_a_startup_error()
    {
        var settings = new PostgresSettings("Host=127.0.0.1;NoSuchKeyword=1");

        await Assert.ThrowsAsync<PersistenceStartupException>(() => PostgresStore.OpenAsync(settings));
    }
}
