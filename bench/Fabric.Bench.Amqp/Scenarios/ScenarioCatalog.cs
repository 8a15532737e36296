using Fabric.Bench.Amqp.Options;
using Fabric.Bench.Amqp.Recovery;
using Fabric.Bench.Amqp.Reference;

namespace Fabric.Bench.Amqp.Scenarios;

/// <summary>The scenarios by name, with the counts (times --scale).</summary>
internal static class ScenarioCatalog
{
    /// <summary>The order of the table (and of the comparison table).</summary>
    public static readonly string[] TableOrder =
        ["transient", "ack", "persistent", "rpc", "rpc16", "rpc-direct", "fanout", "topic", "queues", "connections", "recovery-fill", "recovery"];

    /// <summary>What "all" runs, in run order: the memory-per-item scenarios first, while the broker's heap holds no
    /// garbage from earlier scenarios (a garbage-collected broker would otherwise hide their growth).</summary>
    public static readonly string[] All =
        ["reference", "connections", "queues", "transient", "ack", "persistent", "rpc", "rpc16", "rpc-direct", "fanout", "topic"];

    /// <summary>The scenarios for the requested names ("all" expands), or null with <paramref name="error"/>.</summary>
    public static List<IScenario>? Resolve(BenchOptions o, out string? error)
    {
        error = null;
        var names = new List<string>();
        foreach (string requested in o.Scenarios)
        {
            if (requested == "all") names.AddRange(All);
            else names.Add(requested);
        }
        var scenarios = new List<IScenario>();
        foreach (string name in names)
        {
            IScenario? scenario = Create(name, o);
            if (scenario is null)
            {
                error = $"unknown scenario '{name}'";
                return null;
            }
            scenarios.Add(scenario);
        }
        return scenarios;
    }

    private static IScenario? Create(string name, BenchOptions o) => name switch
    {
        "reference" => new PhysicalReferenceScenario(o.Scaled(1_000_000, 10_000), o.Scaled(50_000, 1_000)),
        "transient" => PointToPointScenario.Transient(o.Scaled(200_000, 1_000)),
        "ack" => PointToPointScenario.Ack(o.Scaled(200_000, 1_000)),
        "persistent" => PointToPointScenario.Persistent(o.Scaled(100_000, 1_000)),
        "rpc" => new RpcScenario("rpc", callers: 1, o.Scaled(20_000, 200)),
        "rpc16" => new RpcScenario("rpc16", callers: 16, o.Scaled(5_000, 50)),
        "rpc-direct" => new DirectRpcScenario("rpc-direct", callers: 1, o.Scaled(20_000, 200)),
        "fanout" => new FanoutScenario(o.Scaled(50_000, 500)),
        "topic" => new TopicScenario(o.Scaled(100_000, 1_000), bindings: o.Scaled(10_000, 100)),
        "queues" => new QueuesScenario(o.Scaled(10_000, 100)),
        "connections" => new ConnectionsScenario(o.Scaled(1_000, 20)),
        "recovery-fill" => new RecoveryFillScenario(o.RecoveryCount),
        _ => null,
    };
}
