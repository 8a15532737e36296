using System.Net;
using Fabric.Configuration;
using Fabric.Node.Amqp;
using Fabric.Node.Memory;
using Fabric.Node.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabric.Node;

/// <summary>Builds the node's host: Kestrel with the AMQP listener, console logging, settings in DI.</summary>
internal static class NodeHost
{
    public static WebApplication Build(FabricSettings settings, IPEndPoint amqpEndPoint, bool novaDemo = false)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.SetMinimumLevel(settings.Logging.Level);
        if (settings.Logging.Level >= LogLevel.Information) builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<BrokerService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BrokerService>());
        if (novaDemo)
        {
            // Started after the broker, stopped before it.
            builder.Services.AddHostedService<NovaDemoServices>();
        }

        builder.Services.AddSingleton<IAmqpConnectionAcceptor, BrokerConnectionAcceptor>();
        builder.Services.AddHostedService<HeapReclaimService>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Actors.ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);

        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseSockets(o =>
        {
            o.Backlog = settings.Amqp.Backlog;
            o.NoDelay = settings.Amqp.TcpNoDelay;
            // Socket reads and writes continue on the thread that completes them instead of hopping through the
            // thread pool: the AMQP read loop only hands the buffer to its connection actor, and a flush's send runs
            // on the actor that flushed. Saves two thread-pool dispatches per read/write batch (README: Performance).
            o.UnsafePreferInlineScheduling = true;
        });
        // Registered after UseSockets, so the transport takes this pool instead of its 4 KB blocks.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(
            new BlockMemoryPoolFactory(settings.Amqp.SocketBufferBlock, BlockMemoryPoolFactory.DefaultKeptBytes));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = settings.Amqp.MaxConnections == 0 ? null : settings.Amqp.MaxConnections;
            kestrel.Listen(amqpEndPoint, listen => listen.UseConnectionHandler<AmqpConnectionHandler>());
        });
        return builder.Build();
    }

    /// <summary>The endpoint for a configured host name or address; throws <see cref="System.Net.Sockets.SocketException"/>
    /// when a name does not resolve.</summary>
    public static IPEndPoint ResolveEndPoint(string host, int port)
    {
        if (IPAddress.TryParse(host, out var address)) return new IPEndPoint(address, port);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return new IPEndPoint(IPAddress.Loopback, port);
        return new IPEndPoint(Dns.GetHostAddresses(host)[0], port);
    }
}
