using System.Text;
using Fabric.Actors.Tests.Connections;
using Fabric.Amqp.Frames;
using Fabric.Amqp.Methods;
using Fabric.Broker.Contracts;
using Xunit;

namespace Fabric.Actors.Tests.Broker.Security;

/// <summary>Logs in to a broker over an in-memory pipe and reports how the handshake ended.</summary>
internal static class SecurityClient
{
    /// <summary>The connection.close code the server answered with, or 200 when connection.open-ok came.</summary>
    public static async Task<int> LogInAsync(IBroker broker, string user, string password, string vhost = "/")
    {
        await using var client = new PipeClient(broker);
        return await TryOpenAsync(client, user, password, vhost);
    }

    /// <summary>A client with an open connection and channel 1; fails the test when the login is refused.</summary>
    public static async Task<PipeClient> OpenAsync(IBroker broker, string user, string password, string vhost = "/")
    {
        var client = new PipeClient(broker);
        Assert.Equal(200, await TryOpenAsync(client, user, password, vhost));
        await client.OpenChannelAsync(1);
        return client;
    }

    /// <summary>The next method is connection.close (heartbeats and other frames skipped): its reply code.</summary>
    public static async Task<int> ExpectConnectionCloseAsync(PipeClient client)
    {
        while (true)
        {
            if (await client.ExpectAnyMethodAsync() is ConnectionClose close) return close.ReplyCode;
        }
    }

    private static async Task<int> TryOpenAsync(PipeClient client, string user, string password, string vhost)
    {
        await client.SendHeaderAsync();
        await client.ExpectMethodAsync<ConnectionStart>();
        await client.SendMethodAsync(0, new ConnectionStartOk
        {
            ClientProperties = PipeClient.FieldTableOf(),
            Mechanism = "PLAIN",
            Response = Encoding.UTF8.GetBytes($"\0{user}\0{password}"),
        });
        var reply = await client.ExpectAnyMethodAsync();
        if (reply is ConnectionClose refused) return refused.ReplyCode;
        Assert.IsType<ConnectionTune>(reply);
        await client.OpenAsync(vhost: vhost);
        return await client.ExpectAnyMethodAsync() switch
        {
            ConnectionOpenOk => 200,
            ConnectionClose close => close.ReplyCode,
            var other => throw new InvalidOperationException($"unexpected {other}"),
        };
    }

    private static async Task<IAmqpMethod> ExpectAnyMethodAsync(this PipeClient client)
    {
        while (true)
        {
            var frame = await client.ReadFrameAsync() ?? throw new InvalidOperationException("the connection ended");
            if (frame.Type == FrameType.Method) return frame.Method;
        }
    }
}
