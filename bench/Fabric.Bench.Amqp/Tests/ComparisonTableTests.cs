using Fabric.Bench.Amqp.Results;

namespace Fabric.Bench.Amqp.Tests;

public class ComparisonTableTests
{
    private static RunReport Report(string label, params ScenarioResult[] scenarios) =>
        new(label, "amqp://x", 1, 100, DateTimeOffset.UnixEpoch, new MachineInfo("cpu", 2, "linux", 1024), scenarios);

    private static ScenarioResult Ok(string name, params Figure[] figures) => new(name, true, null, 1, figures);

    private static string Row(string table, string text) =>
        table.Split('\n').Single(line => line.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void Ratios_are_above_one_when_Fabric_is_better_in_either_direction()
    {
        var rabbit = Report("RabbitMQ", Ok("transient",
            new Figure("throughput", "throughput", 100_000, "msgs/s", true),
            new Figure("cpu", "broker CPU / msg", 10, "µs", false)));
        var fabric = Report("Fabric", Ok("transient",
            new Figure("throughput", "throughput", 300_000, "msgs/s", true),
            new Figure("cpu", "broker CPU / msg", 2.5, "µs", false)));

        string table = ComparisonTable.Render([rabbit], [fabric]);

        Assert.Contains("3.00×", Row(table, "throughput (msgs/s)"));
        Assert.Contains("4.00×", Row(table, "broker CPU / msg (µs)"));
    }

    [Fact]
    public void A_failed_scenario_reads_failed_with_its_reason_and_a_missing_run_reads_dash()
    {
        var rabbit = Report("RabbitMQ",
            Ok("rpc", new Figure("p50", "call latency p50", 92, "µs", false)),
            Ok("queues", new Figure("throughput", "throughput", 1000, "declares/s", true)));
        var fabric = Report("Fabric", new ScenarioResult("rpc", false, "connection refused", 0, []));

        string table = ComparisonTable.Render([rabbit], [fabric]);

        var rpc = Row(table, "call latency p50");
        Assert.Contains("| failed |", rpc);
        Assert.DoesNotContain("×", rpc);
        Assert.Contains("Fabric rpc failed: connection refused", table);
        Assert.Matches(@"\|\s+1,000 \|\s+- \|", Row(table, "declares/s"));
    }

    [Fact]
    public void Scenarios_follow_the_issue_order_and_the_reference_is_the_best_of_both_runs()
    {
        var rabbit = Report("RabbitMQ",
            Ok("reference", new Figure("loopback-write", "w", 500_000, "msgs/s", true), new Figure("pingpong-p50", "p", 20, "µs", false)),
            Ok("connections", new Figure("throughput", "throughput", 600, "opens/s", true)),
            Ok("transient", new Figure("throughput", "throughput", 80_000, "msgs/s", true)));
        var fabric = Report("Fabric",
            Ok("reference", new Figure("loopback-write", "w", 800_000, "msgs/s", true), new Figure("pingpong-p50", "p", 40, "µs", false)));

        string table = ComparisonTable.Render([rabbit], [fabric]);

        Assert.True(table.IndexOf("| transient", StringComparison.Ordinal) < table.IndexOf("| connections", StringComparison.Ordinal));
        Assert.Contains("one TCP write per message 800,000 msgs/s; ping-pong p50 20.0 µs", table);
    }

    [Fact]
    public void Client_figures_stay_out_of_the_table_and_the_reference_is_printed_below()
    {
        var rabbit = Report("RabbitMQ",
            Ok("reference", new Figure("loopback-write", "w", 800_000, "msgs/s", true), new Figure("pingpong-p50", "p", 13, "µs", false)),
            Ok("transient", new Figure("throughput", "throughput", 80_000, "msgs/s", true), new Figure("client-cpu", "client CPU / msg", 5, "µs", false)),
            Ok("rpc", new Figure("p50", "call latency p50", 91, "µs", false)));

        string table = ComparisonTable.Render([rabbit], []);

        Assert.DoesNotContain("client CPU", table);
        Assert.DoesNotContain("| reference", table);
        Assert.Contains("transient 80,000 msgs/s = 10.0% of the write rate", table);
        Assert.Contains("rpc p50 91.0 µs = 7.0× a ping-pong", table);
        Assert.Contains("Fabric distance: n/a", table);
    }

    [Fact]
    public void Sequential_operations_are_put_in_echo_round_trips_when_the_echo_cpu_was_measured()
    {
        var reference = Ok("reference", new Figure("pingpong-p50", "p", 40, "µs", false),
            new Figure("pingpong-echo-cpu", "echo", 30, "µs", false));
        var fabric = Report("Fabric", reference,
            Ok("topic", new Figure("bind-cpu", "broker CPU / bind", 45, "µs", false)),
            Ok("queues", new Figure("cpu", "broker CPU / declare", 60, "µs", false)),
            Ok("rpc", new Figure("cpu", "broker CPU / call", 90, "µs", false)));

        string table = ComparisonTable.Render([], [fabric]);

        Assert.Contains("the echo side's CPU per round trip 30.0 µs", table);
        Assert.Contains("bind 45.0 µs = 1.5×, declare 60.0 µs = 2.0×, rpc call 90.0 µs = 3.0× (2 round trips)", table);
    }
}
