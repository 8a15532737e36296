using Fabric.Bench.Amqp.Client;
using Fabric.Bench.Amqp.Measurement;
using Fabric.Bench.Amqp.Options;
using Fabric.Bench.Amqp.Results;
using RabbitMQ.Client;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>What a scenario runs with: options, the measured broker, a connection factory whose connections are
/// aborted when the scenario ends (which also closes their channels: scenarios do not dispose channels, whose close
/// would wait for a stalled broker), the cancellation of the hard timeout, and the figures it reports.</summary>
internal sealed class ScenarioContext(BenchOptions options, BrokerProcess broker, CancellationToken cancel) : IAsyncDisposable
{
    public const int BodySize = 256;

    private readonly List<IConnection> _connections = [];
    private readonly List<Figure> _figures = [];
    private readonly ConnectionFactory _factory = AmqpConnections.Factory(options.Url);

    public BenchOptions Options { get; } = options;
    public BrokerProcess Broker { get; } = broker;
    public CancellationToken Cancel { get; } = cancel;
    public ProgressCounter Progress { get; } = new();
    public IReadOnlyList<Figure> Figures => _figures;

    /// <summary>A 256-byte message body.</summary>
    public static ReadOnlyMemory<byte> Body { get; } = CreateBody();

    public async Task<IConnection> ConnectAsync(string name)
    {
        var connection = await _factory.CreateConnectionAsync("fabric-bench-" + name, Cancel);
        lock (_connections) _connections.Add(connection);
        return connection;
    }

    public PhaseMeter Measure() => PhaseMeter.Start(Broker);

    public void Add(string key, string label, double value, string unit, bool higherIsBetter) =>
        _figures.Add(new Figure(key, label, value, unit, higherIsBetter));

    /// <summary>Adds throughput, broker CPU per operation and broker RSS for a phase of <paramref name="ops"/> operations.</summary>
    public void AddCost(PhaseMeasurement phase, long ops, string opName, string throughputUnit)
    {
        Add("throughput", "throughput", ops / phase.Seconds, throughputUnit, higherIsBetter: true);
        AddCpuPerOp(phase, ops, opName, "cpu");
        AddRss(phase);
    }

    /// <summary>Broker CPU per operation (the figure to quote), and the harness's own CPU per operation under
    /// "client-" + key (informational: shown on the console and in JSON, left out of the comparison table).</summary>
    public void AddCpuPerOp(PhaseMeasurement phase, long ops, string opName, string key)
    {
        if (phase.CpuSeconds is { } cpu)
            Add(key, "broker CPU / " + opName, cpu * 1_000_000.0 / ops, "µs", higherIsBetter: false);
        Add(ClientFigurePrefix + key, "client CPU / " + opName, phase.ClientCpuSeconds * 1_000_000.0 / ops, "µs", higherIsBetter: false);
    }

    public const string ClientFigurePrefix = "client-";

    public void AddRss(PhaseMeasurement phase)
    {
        if (phase.RssPeakBytes is { } peak) Add("rss-peak", "broker RSS peak", peak / 1048576.0, "MB", higherIsBetter: false);
    }

    /// <summary>RSS per item in KB: <paramref name="with"/> less the lower of the two baselines (before the items existed
    /// and after they were removed), so garbage the broker frees in between does not make the figure negative.</summary>
    public void AddRssPerItem(string key, string label, long? with, long? before, long? after, int items)
    {
        if (with is not { } w || (before ?? after) is null) return;
        long baseline = Math.Min(before ?? long.MaxValue, after ?? long.MaxValue);
        // A garbage-collected heap can absorb the items in memory it already held: below the noise reads as 0.
        Add(key, label, Math.Max(0, w - baseline) / 1024.0 / items, "KB", higherIsBetter: false);
    }

    /// <summary>The broker's RSS after it has been left alone for <paramref name="settle"/> (buffers freed, GC done).</summary>
    public async Task<long?> SettledRssAsync(TimeSpan settle)
    {
        await Task.Delay(settle, Cancel);
        return Broker.Sample()?.RssBytes;
    }

    public ValueTask DisposeAsync() => new(CloseConnectionsAsync());

    /// <summary>Aborts every connection the scenario opened (in parallel, bounded) and forgets them.</summary>
    public async Task CloseConnectionsAsync()
    {
        IConnection[] open;
        lock (_connections)
        {
            open = [.. _connections];
            _connections.Clear();
        }
        var closing = new Task[open.Length];
        for (int i = 0; i < open.Length; i++) closing[i] = AbortQuietlyAsync(open[i]);
        await Task.WhenAll(closing);
    }

    private static async Task AbortQuietlyAsync(IConnection connection)
    {
        try
        {
            if (connection.IsOpen) await connection.AbortAsync(TimeSpan.FromSeconds(5));
            await connection.DisposeAsync();
        }
        catch (Exception)
        {
            // The scenario already failed or finished; a connection that will not close cleanly changes nothing.
        }
    }

    private static byte[] CreateBody()
    {
        var body = new byte[BodySize];
        for (int i = 0; i < body.Length; i++) body[i] = (byte)('a' + i % 26);
        return body;
    }
}
