using System.Net;
using Xunit;
using Fabric.Configuration;

namespace Fabric.Actors.Tests.Connections;

using Fabric.TestKit;

/// <summary>A test kit with a fake broker, and clients connected to it over pipes.</summary>
public abstract class ConnectionTestBase : TestKit, IAsyncLifetime
{
    private readonly List<PipeClient> _clients = [];

    protected ConnectionTestBase(TimeSpan? heartbeat = null, TimeSpan? handshakeTimeout = null)
        : base(new ActorSystemSettings { LoggerFactory = new CapturingLoggerFactory() })
    {
        Logs = (CapturingLoggerFactory)Sys.Settings.LoggerFactory!;
        var settings = FabricSettings.Default;
        settings = settings with
        {
            Amqp = settings.Amqp with
            {
                Heartbeat = heartbeat ?? TimeSpan.FromSeconds(60),
                HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
                MaxMessageSize = 1024 * 1024,
            },
        };
        Broker = new FakeBroker(Sys, settings);
    }

    internal FakeBroker Broker { get; }

    /// <summary>Error-level log lines; a test that provokes one on purpose clears them.</summary>
    internal CapturingLoggerFactory Logs { get; }

    internal FakeVirtualHost VirtualHost => Broker.VirtualHost;

    internal PipeClient Connect(EndPoint? remote = null, CancellationToken stopping = default)
    {
        var client = new PipeClient(Broker, remote, stopping);
        _clients.Add(client);
        return client;
    }

    internal async Task<PipeClient> OpenAsync(ushort heartbeat = 0, ushort channelMax = 2047)
    {
        var client = Connect();
        await client.HandshakeAsync(heartbeat, channelMax: channelMax);
        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await base.DisposeAsync();
        Assert.Empty(Logs.Lines);
    }
}
