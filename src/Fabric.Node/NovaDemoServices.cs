using Fabric.Rpc;
using Fabric.Rpc.Notifications;
using Fabric.Rpc.Server;
using Fabric.Rpc.Transport.Node;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NovaDemo;

namespace Fabric.Node;

/// <summary>
/// <c>--nova-demo</c>: the NovaDemo compute hosts served inside the node, each on its own
/// <see cref="NodeRpcTransport"/> (as two in-node services), reachable by any AMQP client of the node:
/// <c>NovaDemo amqp://… --topic compute --scheduler-only</c> or a Python oslo.messaging client.
/// </summary>
internal sealed class NovaDemoServices(BrokerService broker, ILoggerFactory loggers) : IHostedService
{
    public const string Topic = "compute";

    private readonly List<(RpcServer Server, NodeRpcTransport Transport)> _services = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (host, vcpus) in new[] { ("compute1", 8), ("compute2", 4) })
        {
            var transport = NodeRpcTransport.Create(broker.Broker);
            var server = new RpcServer(transport, new Target(Topic: Topic, Server: host),
                [new ComputeManager(host, vcpus, new Notifier(transport, "compute." + host))]);
            _services.Add((server, transport));
            await server.StartAsync(cancellationToken);
        }

        loggers.CreateLogger("Fabric.Node").LogInformation(
            "NovaDemo compute hosts compute1, compute2 serving topic '{Topic}' inside the node", Topic);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var (server, transport) in _services)
        {
            await server.StopAsync();
            await transport.DisposeAsync();
        }

        _services.Clear();
    }
}
