using System.Net;
using System.Net.Sockets;

namespace Fabric.Actors.Tests.AmqpClient;

/// <summary>
/// A loopback TCP relay to the test broker, to simulate network failures: <see cref="DropAll"/> cuts every
/// relayed connection at once; while <see cref="RefuseNew"/> is set new connections are closed on accept.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Lock _lock = new();
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool RefuseNew
    {
        get => Volatile.Read(ref _refuseNew);
        set => Volatile.Write(ref _refuseNew, value);
    }

    private bool _refuseNew;

    public int Accepted => Volatile.Read(ref _accepted);

    private int _accepted;

    public void DropAll()
    {
        Socket[] sockets;
        lock (_lock)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }

        foreach (var socket in sockets)
        {
            try
            {
                socket.Close(0);
            }
            catch (SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        DropAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (RefuseNew)
            {
                client.Close(0);
                continue;
            }

            Interlocked.Increment(ref _accepted);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await upstream.ConnectAsync(_targetHost, _targetPort);
        }
        catch (SocketException)
        {
            client.Close(0);
            upstream.Dispose();
            return;
        }

        lock (_lock)
        {
            _sockets.Add(client);
            _sockets.Add(upstream);
        }

        await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        client.Close(0);
        upstream.Close(0);
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
