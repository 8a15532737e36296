using System.Globalization;
using System.Text;

namespace Fabric.Bench.Amqp.Results;

/// <summary>The one table of a side-by-side run: scenario | figure | RabbitMQ | Fabric | ratio, where the ratio is
/// oriented so that &gt; 1 means Fabric is better (throughput: Fabric/RabbitMQ; costs and latencies: RabbitMQ/Fabric).
/// A scenario that failed on a broker reads "failed"; one that was not run reads "-". Then the physical reference and
/// each broker's distance to it.</summary>
internal static class ComparisonTable
{
    private const string Reference = "reference";

    public static string Render(IReadOnlyList<RunReport> rabbit, IReadOnlyList<RunReport> fabric)
    {
        var rabbitResults = Index(rabbit);
        var fabricResults = Index(fabric);
        var rows = new List<string[]> { new[] { "scenario", "figure", "RabbitMQ", "Fabric", "ratio" } };
        foreach (string scenario in ScenarioOrder(rabbit, fabric))
        {
            if (scenario == Reference) continue;
            rabbitResults.TryGetValue(scenario, out var r);
            fabricResults.TryGetValue(scenario, out var f);
            var figures = FigureOrder(r, f);
            if (figures.Count == 0)
            {
                rows.Add([scenario, "(no figures)", Cell(r, null), Cell(f, null), ""]);
                continue;
            }
            bool first = true;
            foreach (var figure in figures)
            {
                var rv = Find(r, figure.Key);
                var fv = Find(f, figure.Key);
                rows.Add([first ? scenario : "", $"{figure.Label} ({figure.Unit})".Replace(" ()", "", StringComparison.Ordinal),
                    Cell(r, rv), Cell(f, fv), Ratio(r, rv, f, fv, figure.HigherIsBetter)]);
                first = false;
            }
        }
        var text = new StringBuilder();
        AppendTable(text, rows);
        text.AppendLine("ratio > 1: Fabric better (throughput: Fabric ÷ RabbitMQ; CPU, memory, latency, time: RabbitMQ ÷ Fabric).");
        AppendErrors(text, "RabbitMQ", rabbitResults);
        AppendErrors(text, "Fabric", fabricResults);
        AppendReference(text, rabbitResults, fabricResults);
        AppendMachine(text, rabbit, fabric);
        return text.ToString();
    }

    private static Dictionary<string, ScenarioResult> Index(IReadOnlyList<RunReport> reports)
    {
        var map = new Dictionary<string, ScenarioResult>(StringComparer.Ordinal);
        foreach (var report in reports)
            foreach (var s in report.Scenarios) map[s.Name] = s;
        return map;
    }

    // The issue's order; scenarios it does not list follow in the order they ran.
    private static List<string> ScenarioOrder(IReadOnlyList<RunReport> a, IReadOnlyList<RunReport> b)
    {
        var order = new List<string>();
        foreach (var report in a.Concat(b))
            foreach (var s in report.Scenarios)
                if (!order.Contains(s.Name)) order.Add(s.Name);
        return [.. order.OrderBy(name => Array.IndexOf(Scenarios.ScenarioCatalog.TableOrder, name) is int i and >= 0 ? i : int.MaxValue)];
    }

    private static List<Figure> FigureOrder(ScenarioResult? a, ScenarioResult? b)
    {
        var order = new List<Figure>();
        foreach (var f in (a?.Figures ?? []).Concat(b?.Figures ?? []))
            if (!f.Key.StartsWith(Scenarios.ScenarioContext.ClientFigurePrefix, StringComparison.Ordinal) && !order.Exists(x => x.Key == f.Key))
                order.Add(f);
        return order;
    }

    private static Figure? Find(ScenarioResult? result, string key) => result?.Figures.FirstOrDefault(f => f.Key == key);

    private static string Cell(ScenarioResult? result, Figure? figure) =>
        result is null ? "-" : !result.Ok ? "failed" : figure is null ? "-" : FigureFormat.Value(figure.Value);

    private static string Ratio(ScenarioResult? r, Figure? rv, ScenarioResult? f, Figure? fv, bool higherIsBetter)
    {
        if (r is not { Ok: true } || f is not { Ok: true } || rv is null || fv is null) return "";
        double ratio = higherIsBetter ? fv.Value / rv.Value : rv.Value / fv.Value;
        return double.IsFinite(ratio) && ratio > 0 ? ratio.ToString("F2", CultureInfo.InvariantCulture) + "×" : "";
    }

    private static void AppendTable(StringBuilder text, List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
            for (int i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            text.Append("| ");
            for (int i = 0; i < row.Length; i++)
            {
                // Text columns left-aligned, numbers right-aligned.
                text.Append(i < 2 ? row[i].PadRight(widths[i]) : row[i].PadLeft(widths[i]));
                text.Append(" | ");
            }
            text.Length -= 1;
            text.AppendLine();
            if (r == 0)
            {
                text.Append('|');
                for (int i = 0; i < widths.Length; i++) text.Append(new string('-', widths[i] + 2)).Append('|');
                text.AppendLine();
            }
        }
    }

    private static void AppendErrors(StringBuilder text, string broker, Dictionary<string, ScenarioResult> results)
    {
        // Scenarios failing for the same reason (e.g. the broker is down) share one line.
        var byError = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, result) in results)
        {
            if (result.Ok) continue;
            string error = result.Error ?? "unknown error";
            if (!byError.TryGetValue(error, out var names)) byError[error] = names = [];
            names.Add(name);
        }
        foreach (var (error, names) in byError)
            text.AppendLine($"{broker} {string.Join(", ", names)} failed: {error}");
    }

    private static void AppendReference(StringBuilder text, Dictionary<string, ScenarioResult> rabbit, Dictionary<string, ScenarioResult> fabric)
    {
        // The machine's limit, measured at the start of each run: the best of the runs (other work only slows it).
        ScenarioResult?[] references = [rabbit.GetValueOrDefault(Reference), fabric.GetValueOrDefault(Reference)];
        Figure? write = null, ping = null, p99 = null, echo = null;
        foreach (var reference in references)
        {
            if (reference is not { Ok: true }) continue;
            if (Find(reference, "pingpong-echo-cpu") is { } e && (echo is null || e.Value < echo.Value)) echo = e;
            if (Find(reference, "loopback-write") is { } w && (write is null || w.Value > write.Value)) write = w;
            if (Find(reference, "pingpong-p50") is { } p && (ping is null || p.Value < ping.Value))
            {
                ping = p;
                p99 = Find(reference, "pingpong-p99");
            }
        }
        if (write is null && ping is null) return;
        text.AppendLine();
        text.Append("physical reference (raw loopback socket pair, 256-byte messages, best of the runs): ");
        if (write is not null) text.Append($"one TCP write per message {FigureFormat.WithUnit(write.Value, write.Unit)}");
        if (ping is not null) text.Append($"; ping-pong p50 {FigureFormat.WithUnit(ping.Value, ping.Unit)}");
        if (p99 is not null) text.Append($", p99 {FigureFormat.WithUnit(p99.Value, p99.Unit)}");
        if (echo is not null) text.Append($"; the echo side's CPU per round trip {FigureFormat.WithUnit(echo.Value, echo.Unit)}");
        text.AppendLine();
        AppendDistance(text, "RabbitMQ", rabbit, write, ping, echo);
        AppendDistance(text, "Fabric", fabric, write, ping, echo);
    }

    private static void AppendDistance(StringBuilder text, string broker, Dictionary<string, ScenarioResult> results,
        Figure? write, Figure? ping, Figure? echo)
    {
        var parts = new List<string>();
        if (write is not null && results.GetValueOrDefault("transient") is { Ok: true } transient && Find(transient, "throughput") is { } t)
            parts.Add($"transient {FigureFormat.Value(t.Value)} msgs/s = {100 * t.Value / write.Value:F1}% of the write rate");
        if (ping is not null && results.GetValueOrDefault("rpc") is { Ok: true } rpc && Find(rpc, "p50") is { } p50)
            parts.Add($"rpc p50 {FigureFormat.Value(p50.Value)} µs = {p50.Value / ping.Value:F1}× a ping-pong (a call is 2 round trips through the broker)");
        // A sequential command costs a server at least one wake-up and one send: the echo side's CPU per round trip.
        if (echo is { Value: > 0 })
        {
            var perEcho = new List<string>();
            if (results.GetValueOrDefault("topic") is { Ok: true } topic && Find(topic, "bind-cpu") is { } bind)
                perEcho.Add($"bind {FigureFormat.Value(bind.Value)} µs = {bind.Value / echo.Value:F1}×");
            if (results.GetValueOrDefault("queues") is { Ok: true } queues && Find(queues, "cpu") is { } declare)
                perEcho.Add($"declare {FigureFormat.Value(declare.Value)} µs = {declare.Value / echo.Value:F1}×");
            if (results.GetValueOrDefault("rpc") is { Ok: true } call && Find(call, "cpu") is { } perCall)
                perEcho.Add($"rpc call {FigureFormat.Value(perCall.Value)} µs = {perCall.Value / echo.Value:F1}× (2 round trips)");
            if (perEcho.Count > 0) parts.Add("broker CPU per sequential operation in echo round trips: " + string.Join(", ", perEcho));
        }
        text.AppendLine($"  {broker} distance: " + (parts.Count == 0 ? "n/a (not measured or failed)" : string.Join("; ", parts)));
    }

    private static void AppendMachine(StringBuilder text, IReadOnlyList<RunReport> rabbit, IReadOnlyList<RunReport> fabric)
    {
        var any = rabbit.Concat(fabric).FirstOrDefault();
        if (any is null) return;
        var m = any.Machine;
        text.AppendLine($"machine: {m.Cpu}, {m.Cores} logical cores, {m.MemoryMb:N0} MB, {m.Kernel}; run started {any.StartedUtc:yyyy-MM-dd HH:mm} UTC");
        AppendLoad(text, rabbit);
        AppendLoad(text, fabric);
    }

    // One line per broker: the load at the start of its first run and at the end of its last.
    private static void AppendLoad(StringBuilder text, IReadOnlyList<RunReport> reports)
    {
        var measured = reports.Where(r => double.IsFinite(r.LoadAverageStart)).ToList();
        if (measured.Count == 0) return;
        text.AppendLine(FormattableString.Invariant(
            $"1-min load average during the {measured[0].Label} runs: {measured[0].LoadAverageStart:F1} → {measured[^1].LoadAverageEnd:F1} (other work on the machine inflates CPU/op and latency)"));
    }
}
