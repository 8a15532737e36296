using System.Globalization;

namespace Fabric.Bench.Amqp.Options;

/// <summary>What the harness does: run scenarios against one broker, wait for a restarted broker, or compare runs.</summary>
internal enum BenchMode { Run, WaitReady, Compare, Help }

/// <summary>The harness's command line (see <see cref="Usage"/>).</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Usage:
          Fabric.Bench.Amqp --url amqp://guest:guest@127.0.0.1:5672/ [--pid PID] [--scenario LIST] [--json FILE]
                            [--label NAME] [--timeout SECONDS] [--stall SECONDS] [--scale FACTOR]
          Fabric.Bench.Amqp --wait-ready --url URL [--since-ms UNIX_MS] [--timeout SECONDS] [--pid PID] [--json FILE]
          Fabric.Bench.Amqp --compare [--rabbitmq FILE[,FILE]] [--fabric FILE[,FILE]]

        Scenarios (comma-separated LIST; default all): all, reference, transient, ack, persistent, rpc, rpc16,
          rpc-direct, fanout, topic, queues, connections, recovery-fill ('all' = reference + every scenario but recovery-fill).
        --pid        the broker's process (beam.smp for RabbitMQ) for CPU seconds per op and RSS from /proc
        --timeout    hard limit per scenario (default 180 s); a scenario that exceeds it is reported as failed
        --stall      a scenario whose work (deliveries, publishes, calls, declares, opens) stops moving for this long
                     fails early (default 30 s)
        --scale      multiplies message/call/queue/connection counts (e.g. 0.1 for a smoke run)
        --count      messages for recovery-fill (default 1,000,000)
        --wait-ready polls until the broker accepts an AMQP connection and reports the seconds since --since-ms
                     and the messages found in the recovery queue
        --compare    prints one table: scenario | figure | RabbitMQ | Fabric | ratio (Fabric better when > 1)
        """;

    public BenchMode Mode { get; init; } = BenchMode.Run;
    public string Url { get; init; } = "amqp://guest:guest@127.0.0.1:5672/";
    public int Pid { get; init; }
    public IReadOnlyList<string> Scenarios { get; init; } = ["all"];
    public string? JsonPath { get; init; }
    public string Label { get; init; } = "broker";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(180);
    public TimeSpan StallLimit { get; init; } = TimeSpan.FromSeconds(30);
    public double Scale { get; init; } = 1.0;
    public int RecoveryCount { get; init; } = 1_000_000;
    public long SinceUnixMs { get; init; }
    public IReadOnlyList<string> RabbitMqFiles { get; init; } = [];
    public IReadOnlyList<string> FabricFiles { get; init; } = [];

    /// <summary>Parses the arguments; returns null with <paramref name="error"/> set when they are malformed.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var o = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help") return o with { Mode = BenchMode.Help };
            if (arg == "--wait-ready") { o = o with { Mode = BenchMode.WaitReady }; continue; }
            if (arg == "--compare") { o = o with { Mode = BenchMode.Compare }; continue; }
            if (i + 1 >= args.Count) { error = $"{arg} needs a value"; return null; }
            string value = args[++i];
            switch (arg)
            {
                case "--url": o = o with { Url = value }; break;
                case "--pid": if (!TryInt(value, out int pid)) { error = "--pid needs a number"; return null; } o = o with { Pid = pid }; break;
                case "--scenario": o = o with { Scenarios = SplitList(value) }; break;
                case "--json": o = o with { JsonPath = value }; break;
                case "--label": o = o with { Label = value }; break;
                case "--timeout":
                    if (!TryInt(value, out int seconds) || seconds <= 0) { error = "--timeout needs seconds > 0"; return null; }
                    o = o with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--stall":
                    if (!TryInt(value, out int stall) || stall <= 0) { error = "--stall needs seconds > 0"; return null; }
                    o = o with { StallLimit = TimeSpan.FromSeconds(stall) };
                    break;
                case "--scale":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) || scale <= 0)
                    { error = "--scale needs a positive number"; return null; }
                    o = o with { Scale = scale };
                    break;
                case "--count": if (!TryInt(value, out int count) || count <= 0) { error = "--count needs a number > 0"; return null; } o = o with { RecoveryCount = count }; break;
                case "--since-ms": if (!long.TryParse(value, CultureInfo.InvariantCulture, out long since)) { error = "--since-ms needs a number"; return null; } o = o with { SinceUnixMs = since }; break;
                case "--rabbitmq": o = o with { RabbitMqFiles = SplitList(value) }; break;
                case "--fabric": o = o with { FabricFiles = SplitList(value) }; break;
                default: error = $"unknown argument '{arg}'"; return null;
            }
        }
        return o;
    }

    /// <summary>Scales a count by <see cref="Scale"/>, keeping at least <paramref name="minimum"/>.</summary>
    public int Scaled(int count, int minimum = 1) => Math.Max(minimum, (int)(count * Scale));

    private static bool TryInt(string s, out int value) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static string[] SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
