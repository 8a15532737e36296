using System.Text.Json;
using Fabric.Actors;
using Fabric.Broker;
using Fabric.Configuration;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Notifications;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport;
using Fabric.Rpc.Transport.Amqp;
using Fabric.Rpc.Transport.InProcess;
using Fabric.Rpc.Transport.Node;
using NovaDemo;

// A nova-like scheduler driving two compute hosts over OpenStack RPC (oslo.messaging's wire format):
//   dotnet run --project samples/NovaDemo -- [broker-url] [--in-node | --in-process] [--topic T] [--scheduler-only]
// broker-url defaults to amqp://guest:guest@127.0.0.1:5672/ (a Fabric node or RabbitMQ).
string url = "amqp://guest:guest@127.0.0.1:5672/";
string? topic = null;
bool inProcess = false, inNode = false, schedulerOnly = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--in-process": inProcess = true; break;
        case "--in-node": inNode = true; break;
        case "--scheduler-only": schedulerOnly = true; break;
        case "--topic" when i + 1 < args.Length: topic = args[++i]; break;
        case "-h" or "--help":
            Console.WriteLine("usage: NovaDemo [amqp://user:pass@host:port/vhost] [--in-node | --in-process] [--topic T] [--scheduler-only]");
            return 0;
        default: url = args[i]; break;
    }
}

// --in-node: a Fabric broker node inside this process, every service on NodeRpcTransport (what a service hosted in
// a node uses; `Fabric.Node --nova-demo` hosts the compute hosts that way in a real node).
ActorSystem? system = null;
BrokerNode? node = null;
string? dataDirectory = null;
if (inNode)
{
    dataDirectory = Directory.CreateTempSubdirectory("nova-demo.").FullName;
    var settings = FabricSettings.Default;
    settings = settings with { Persistence = settings.Persistence with { Sqlite = new SqliteSettings(Path.Combine(dataDirectory, "fabric.db")) } };
    system = ActorSystem.Create("nova-demo");
    node = await BrokerNode.StartAsync(settings, system);
}

var broker = new InProcessBroker();
var transports = new List<IRpcTransport>();
async Task<IRpcTransport> NewTransportAsync()
{
    IRpcTransport transport = node is not null ? NodeRpcTransport.Create(node)
        : inProcess ? new InProcessRpcTransport(broker)
        : await AmqpRpcTransport.ConnectAsync(url);
    transports.Add(transport);
    return transport;
}

Console.WriteLine(inNode ? "transport: in-node (a Fabric node in this process)" : inProcess ? "transport: in-process" : $"transport: AMQP {url}");
topic ??= "compute-" + Guid.NewGuid().ToString("N")[..6];
var servers = new List<RpcServer>();
foreach (var (host, vcpus) in schedulerOnly ? [] : new[] { ("compute1", 8), ("compute2", 4) })
{
    var transport = await NewTransportAsync();
    var server = new RpcServer(transport, new Target(Topic: topic, Server: host), [new ComputeManager(host, vcpus, new Notifier(transport, "compute." + host))]);
    await server.StartAsync();
    servers.Add(server);
}

var schedulerTransport = await NewTransportAsync();
await using var listener = new NotificationListener(
    schedulerTransport,
    [new Target(Topic: "notifications")],
    (n, _) =>
    {
        Console.WriteLine($"  notification {n.Priority} {n.EventType} from {n.PublisherId}: {n.Payload}");
        return ValueTask.CompletedTask;
    },
    pool: "nova-demo-scheduler",
    priorities: [NotificationPriority.Info]);
await listener.StartAsync();

await using var scheduler = new RpcClient(schedulerTransport, new Target(Topic: topic, Version: "5.0"), TimeSpan.FromSeconds(10));
var context = RpcContext.Empty.With("user_id", "demo").With("project_id", "admin").With("request_id", "req-" + Guid.NewGuid());
Console.WriteLine("1. call: ask each host for its stats (targeted calls to compute.<host>)");
string best = "";
int bestFree = -1;
foreach (var host in new[] { "compute1", "compute2" })
{
    var stats = await scheduler.Prepare(server: host).CallAsync<Dictionary<string, JsonElement>>(context, "get_host_stats") ?? [];
    Console.WriteLine($"  {host}: {string.Join(", ", stats.Select(kv => $"{kv.Key}={kv.Value}"))}");
    int free = stats["free_vcpus"].GetInt32();
    if (free > bestFree)
    {
        (best, bestFree) = (host, free);
    }
}

Console.WriteLine($"2. call: build vm-1 on {best}");
var built = await scheduler.Prepare(server: best).CallAsync<Dictionary<string, JsonElement>>(context, "build_instance", new { instance_id = "vm-1", vcpus = 2 }) ?? [];
Console.WriteLine($"  built: {string.Join(", ", built.Select(kv => $"{kv.Key}={kv.Value}"))}");

Console.WriteLine("3. call with a remote error: 64 vCPUs do not fit");
try
{
    await scheduler.Prepare(server: "compute2").CallAsync<object>(context, "build_instance", new { instance_id = "vm-big", vcpus = 64 });
}
catch (RemoteErrorException e)
{
    Console.WriteLine($"  RemoteError: {e.ExcType}: {e.Value}");
}

Console.WriteLine("4. cast: reboot vm-1 (no reply)");
await scheduler.Prepare(server: best).CastAsync(context, "reboot_instance", new { instance_id = "vm-1" });

Console.WriteLine("5. fanout cast: every compute host refreshes its cache");
await scheduler.FanoutCastAsync(context, "refresh_cache", new { reason = "flavor update" });

Console.WriteLine("6. call with a timeout: nobody serves compute.compute9");
try
{
    await scheduler.Prepare(server: "compute9").CallAsync<object>(context, "get_host_stats", timeout: TimeSpan.FromSeconds(1));
}
catch (MessagingTimeoutException e)
{
    Console.WriteLine($"  MessagingTimeout: {e.Message}");
}

// Let the casts and the notification be printed before shutting down.
await Task.Delay(TimeSpan.FromSeconds(1));

foreach (var server in servers)
{
    await server.StopAsync();
}

await listener.StopAsync();
foreach (var transport in transports)
{
    await transport.DisposeAsync();
}

if (node is not null)
{
    await node.DisposeAsync();
    await system!.DisposeAsync();
    Directory.Delete(dataDirectory!, recursive: true);
}

return 0;
