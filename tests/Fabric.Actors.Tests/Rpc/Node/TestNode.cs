using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Fabric.Actors.Tests.Connections;
using Fabric.Broker;
using Fabric.Broker.Connections;
using Fabric.Configuration;
using Fabric.Rpc.Transport.Node;

namespace Fabric.Actors.Tests.Rpc.Node;

/// <summary>
/// A Fabric broker node inside the test process (no persistence), optionally with an AMQP listener on a loopback
/// port, so in-node services and AMQP clients of the same node can meet.
/// </summary>
internal sealed class TestNode : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private TestNode(ActorSystem system, BrokerNode broker)
    {
        _system = system;
        Broker = broker;
    }

    public BrokerNode Broker { get; }

    /// <summary>amqp://guest:guest@127.0.0.1:port/ once <see cref="Listen"/> was called.</summary>
    public string Url { get; private set; } = "";

    /// <summary>A node; <paramref name="persistent"/>: with the store of <paramref name="settings"/> (durable topology and messages).</summary>
    public static async Task<TestNode> StartAsync(FabricSettings? settings = null, bool persistent = false)
    {
        var system = ActorSystem.Create("rpc-node");
        var broker = await BrokerNode.StartAsync(settings ?? FabricSettings.Default, system, persistent, null, default);
        return new TestNode(system, broker);
    }

    public NodeRpcTransport CreateTransport(NodeRpcTransportOptions? options = null) =>
        options is null ? Broker.CreateRpcTransport() : NodeRpcTransport.Create(Broker, options);

    /// <summary>Serves AMQP 0-9-1 on a loopback port (each socket an <see cref="AmqpConnection"/> of this broker).</summary>
    public TestNode Listen()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = $"amqp://guest:guest@127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _accepting = AcceptAsync(_listener);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener?.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await Broker.DisposeAsync();
        await _system.DisposeAsync();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(_stopping.Token);
            socket.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(Task.Run(() => ServeAsync(socket)));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var pipe = new DuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
        try
        {
            await AmqpConnection.RunAsync(pipe, socket.RemoteEndPoint, Broker, readProtocolHeader: true, _stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }
}
