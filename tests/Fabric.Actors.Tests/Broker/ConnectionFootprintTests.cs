using Fabric.Actors.Tests.Connections;
using Xunit;
using Xunit.Abstractions;

namespace Fabric.Actors.Tests.Broker;

/// <summary>
/// Managed memory an idle, opened connection holds (its actor, channels table, buffers, timers, and the in-memory
/// pipe pair that stands in for the socket's). A generous bound locks it against regressions.
/// </summary>
[Collection(FootprintCollection.Name)]
public sealed class ConnectionFootprintTests(ITestOutputHelper output) : BrokerTestBase
{
    private const int Connections = 500;

    [Fact]
    public async Task An_idle_connection_holds_under_16_KB_of_managed_memory()
    {
        var clients = new List<PipeClient>(Connections + 20);
        try
        {
            for (var i = 0; i < 20; i++) clients.Add(await Open());
            var footprint = await HeapFootprint.MeasureAsync(Connections, async _ => clients.Add(await Open()));
            output.WriteLine($"idle connection: {footprint.HeldPerItem:F0} managed bytes held, " +
                             $"{footprint.AllocatedPerItem} bytes allocated per open (client side included)");
            Assert.True(footprint.HeldPerItem < 16 * 1024, $"{footprint.HeldPerItem:F0} bytes per idle connection");
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    private async Task<PipeClient> Open()
    {
        var client = new PipeClient(Broker);
        await client.HandshakeAsync(heartbeat: 60);
        return client;
    }
}
