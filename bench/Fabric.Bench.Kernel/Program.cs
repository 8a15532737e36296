using Fabric.Bench.Kernel;

// Kernel micro-benchmarks: `dotnet run -c Release --project bench/Fabric.Bench.Kernel [-- options]`.
// Options: quick (fewer messages), throughput=N (messages per turn), nolocal (global thread-pool queue).
var quick = Array.IndexOf(args, "quick") >= 0;
var settings = Fabric.Actors.ActorSystemSettings.Default with
{
    PreferLocalQueue = Array.IndexOf(args, "nolocal") < 0,
    Throughput = Array.Find(args, a => a.StartsWith("throughput=", StringComparison.Ordinal)) is { } t ? int.Parse(t[11..]) : 30,
};
Console.WriteLine($"throughput={settings.Throughput} preferLocal={settings.PreferLocalQueue}");
var results = new List<BenchResult>();
await using (var system = Fabric.Actors.ActorSystem.Create("bench", settings))
{
    results.Add(await PingPong.RunAsync(system, inFlight: 1_000, messages: quick ? 2_000_000 : 20_000_000));
    results.Add(await FanIn.RunAsync(system, senders: 8, perSender: quick ? 250_000 : 2_000_000));
    results.Add(await TellAllocation.RunAsync(system, rounds: quick ? 200 : 2_000, batch: 1_000));
}
BenchResult.PrintTable(results);
