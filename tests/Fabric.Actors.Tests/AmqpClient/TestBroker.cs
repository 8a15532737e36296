using Fabric.Amqp.Client;

namespace Fabric.Actors.Tests.AmqpClient;

/// <summary>The reference broker the tests talk to: <c>FABRIC_TEST_AMQP_URL</c> (default amqp://guest:guest@127.0.0.1:5672/).</summary>
internal static class TestBroker
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static string Url => AmqpConnectionOptions.UrlFromEnvironment();

    public static AmqpConnectionOptions Options => AmqpConnectionOptions.FromUri(Url);

    public static Task<AmqpConnection> ConnectAsync() => AmqpConnection.ConnectAsync(Options with { ClientName = "fabric-tests" });

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];
}
