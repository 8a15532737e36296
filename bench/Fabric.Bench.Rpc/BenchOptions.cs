using System.Globalization;

namespace Fabric.Bench.Rpc;

/// <summary>The command line: which transport, and how much work.</summary>
internal sealed record BenchOptions(string Transport, string Url, int Warmup, int Calls, int Callers, TimeSpan Duration, int? BrokerPid = null)
{
    public const string Usage = """
        usage: Fabric.Bench.Rpc [--transport node|amqp] [--url amqp://guest:guest@127.0.0.1:5672/]
                                [--warmup 500] [--calls 5000] [--callers 16] [--duration 10] [--pid BROKER_PID]
          node: a Fabric broker node inside this process, server and client on NodeRpcTransport (no socket)
          amqp: server and client on AmqpRpcTransport (a connection each) to the broker at --url
          --pid: also report the broker process's CPU per call (from /proc)
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var options = new BenchOptions("node", "amqp://guest:guest@127.0.0.1:5672/", 500, 5000, 16, TimeSpan.FromSeconds(10));
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--transport" when value is "node" or "amqp": options = options with { Transport = value }; break;
                case "--url": options = options with { Url = value }; break;
                case "--warmup": options = options with { Warmup = Int(value) }; break;
                case "--calls": options = options with { Calls = Int(value) }; break;
                case "--callers": options = options with { Callers = Int(value) }; break;
                case "--duration": options = options with { Duration = TimeSpan.FromSeconds(Int(value)) }; break;
                case "--pid": options = options with { BrokerPid = Int(value) }; break;
                default: return null;
            }

            i++;
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
