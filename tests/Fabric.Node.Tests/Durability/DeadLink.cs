using RabbitMQ.Client;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// Closing client connections and channels of a killed node: in the background, never awaited. RabbitMQ.Client can
/// take its full continuation timeout (20 s) to give up on a connection that died mid-write, and nothing of a dead
/// link matters to the test.
/// </summary>
public static class DeadLink
{
    public static void Close(IAsyncDisposable link) => _ = CloseAsync(link);

    private static async Task CloseAsync(IAsyncDisposable link)
    {
        try
        {
            if (link is IConnection connection) await connection.AbortAsync(TimeSpan.FromSeconds(1));
            await link.DisposeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // a link to a killed node may fail to close in any number of ways
        }
    }
}
