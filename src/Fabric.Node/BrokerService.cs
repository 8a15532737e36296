using Fabric.Actors;
using Fabric.Broker;
using Fabric.Broker.Contracts;
using Fabric.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabric.Node;

/// <summary>Starts the node's actor system and broker before the listener opens, and stops them after it closed.</summary>
internal sealed class BrokerService(FabricSettings settings, ILoggerFactory loggers) : IHostedService
{
    private ActorSystem? _system;
    private BrokerNode? _broker;

    public IBroker Broker => _broker ?? throw new InvalidOperationException("the broker has not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The broker's actors never block their thread: hand told actors over (README: runtime settings).
        _system = ActorSystem.Create("fabric", settings.Actors.ToSystemSettings(loggers) with { HandOff = true });
        try
        {
            _broker = await BrokerNode.StartAsync(settings, _system, loggers, cancellationToken);
            // The store, not the configuration, holds the definitions after the first start.
            var admin = _broker.Admin;
            loggers.CreateLogger("Fabric.Node").LogInformation("Definitions: users {Users}; vhosts {VirtualHosts}",
                string.Join(", ", admin.ListUsers().Select(u => u.Name)), string.Join(", ", admin.ListVirtualHosts()));
        }
        catch (Exception e)
        {
            loggers.CreateLogger("Fabric.Node").LogCritical(e, "Cannot start the broker: {Reason}", e.Message);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}
