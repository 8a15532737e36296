using Fabric.Node.Tests.Host;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Fabric.Node.Tests.Durability;

/// <summary>
/// The successive lives of one node on one <see cref="KillStore"/>: start (and wait until it listens, which is after
/// recovery), connect, kill -9 and wait for the exit. Each life's output goes to the test log.
/// </summary>
public sealed class NodeLives : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly KillStore _store;
    private readonly ITestOutputHelper _output;
    private readonly List<IConnection> _connections = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private NodeProcess? _node;
    private int _lives;

    public NodeLives(KillStore store, ITestOutputHelper output)
    {
        _store = store;
        _output = output;
    }

    /// <summary>The current life (started and not yet killed).</summary>
    public NodeProcess Node => _node ?? throw new InvalidOperationException("no node is running");

    /// <summary>Starts the next life without waiting for it.</summary>
    public NodeProcess Launch()
    {
        if (_node is not null) throw new InvalidOperationException("the previous life was not ended");
        _lives++;
        Log($"starting life {_lives}");
        return _node = NodeProcess.Start(_store.NodeOptions());
    }

    /// <summary>Starts the next life, waits until it accepts connections, and connects.</summary>
    public async Task<IConnection> StartAsync()
    {
        var node = Launch();
        await node.WaitUntilListeningAsync(Patience);
        Log($"life {_lives} listening");
        return await ConnectAsync();
    }

    /// <summary>Another connection to the current life (closed when it dies).</summary>
    public async Task<IConnection> ConnectAsync()
    {
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1",
            Port = Node.Port,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
        };
        var connection = await factory.CreateConnectionAsync();
        _connections.Add(connection);
        return connection;
    }

    /// <summary>SIGKILL now; returns once the process is gone. Connections to it are dropped.</summary>
    public async Task KillAsync()
    {
        var node = Node;
        node.KillNow();
        await node.WaitForExitAsync(Patience);
        Log($"life {_lives} killed");
        await EndLifeAsync();
    }

    /// <summary>A line in the test log with the time since the first life started.</summary>
    public void Log(string line) => _output.WriteLine($"[{_clock.Elapsed.TotalSeconds:F2}s] {line}");

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            _node.Kill();
            await EndLifeAsync();
        }
    }

    private async Task EndLifeAsync()
    {
        foreach (var connection in _connections) DeadLink.Close(connection);
        _connections.Clear();
        var node = _node!;
        _node = null;
        await node.DisposeAsync();
        Log($"--- node life {_lives} ended, its output: ---");
        _output.WriteLine(node.Output);
    }
}
