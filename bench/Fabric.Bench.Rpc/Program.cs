using Fabric.Actors;
using Fabric.Bench.Rpc;
using Fabric.Broker;
using Fabric.Configuration;
using Fabric.Rpc;
using Fabric.Rpc.Client;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport;
using Fabric.Rpc.Transport.Amqp;
using Fabric.Rpc.Transport.Node;

// In-node RPC vs RPC over AMQP (Fabric node or RabbitMQ): the same client, server and workload.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

ActorSystem? system = null;
BrokerNode? node = null;
string? dataDirectory = null;
Func<Task<IRpcTransport>> newTransport;
if (options.Transport == "node")
{
    dataDirectory = Directory.CreateTempSubdirectory("fabric-bench-rpc.").FullName;
    var settings = FabricSettings.Default;
    settings = settings with { Persistence = settings.Persistence with { Sqlite = new SqliteSettings(Path.Combine(dataDirectory, "fabric.db")) } };
    system = ActorSystem.Create("fabric", settings.Actors.ToSystemSettings(null));
    node = await BrokerNode.StartAsync(settings, system);
    newTransport = () => Task.FromResult<IRpcTransport>(NodeRpcTransport.Create(node));
    Console.WriteLine("transport: in-node (NodeRpcTransport, a broker node in this process)");
}
else
{
    newTransport = async () => await AmqpRpcTransport.ConnectAsync(options.Url);
    Console.WriteLine($"transport: AMQP {options.Url}");
}

await using (var serverTransport = await newTransport())
await using (var clientTransport = await newTransport())
{
    string topic = "bench-" + Guid.NewGuid().ToString("N")[..8];
    await using var server = new RpcServer(serverTransport, new Target(Topic: topic, Server: "s1"), [new EchoEndpoint()]);
    await server.StartAsync();
    await using var client = new RpcClient(clientTransport, new Target(Topic: topic, Server: "s1"), TimeSpan.FromSeconds(30));
    await RpcBench.RunAsync(client, options);
}

if (node is not null)
{
    await node.DisposeAsync();
    await system!.DisposeAsync();
    Directory.Delete(dataDirectory!, recursive: true);
}

return 0;
